"""Pure builders of what the strategy page draws of a symphony's own trading, read from
Composer's per-symphony holdings: buy and sell markers for the growth chart, the allocation over
time, and the monthly turnover."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from webapp.figures import NEGATIVE, POSITIVE, empty_figure, legend_below

LAYOUT = {"margin": {"l": 55, "r": 20, "t": 45, "b": 10}, "height": 340}
SIDES = (("buy", "Bought (its holdings)", "triangle-up", POSITIVE), ("sell", "Sold (its holdings)", "triangle-down", NEGATIVE))


def trade_markers(markers: pd.DataFrame) -> list[go.Scatter]:
    """One marker per day and side on the live growth line, sized by the day's estimated notional
    (area ∝ dollars), with each ticker's shares, price and the price's source on hover."""
    if markers.empty:
        return []
    largest = float(markers["notional"].max()) or 1.0
    traces = []
    for side, name, symbol, colour in SIDES:
        part = markers[markers["side"] == side]
        if part.empty:
            continue
        sizes = 7 + 17 * np.sqrt(part["notional"].fillna(0).to_numpy() / largest)
        traces.append(
            go.Scatter(
                x=part["date"], y=part["wealth"], mode="markers", name=name,
                marker={"symbol": symbol, "size": sizes, "color": colour, "opacity": 0.8, "line": {"width": 0}},
                customdata=np.stack([part["notional"].to_numpy(), part["lines"].to_numpy()], axis=-1),
                hovertemplate=f"{name.split(' ')[0]} %{{x|%Y-%m-%d}}, ≈ $%{{customdata[0]:,.0f}}<br>%{{customdata[1]}}<extra></extra>",
            )
        )  # fmt: skip
    return traces


def allocation_figure(frame: pd.DataFrame) -> go.Figure | dict:
    """Each holding's weight at each stored day's close, stacked to 100%."""
    if frame.empty:
        return empty_figure("No per-symphony holdings history in this period.")
    weights = frame.pivot_table(index="date", columns="ticker", values="weight", aggfunc="sum").fillna(0.0)
    weights = weights[weights.sum().sort_values(ascending=False).index]
    fig = go.Figure(
        [
            go.Scatter(
                x=weights.index,
                y=weights[ticker],
                name=ticker,
                mode="lines",
                stackgroup="weights",
                line={"width": 0.5},
                hovertemplate=f"{ticker} %{{y:.1%}}<extra></extra>",
            )  # fmt: skip
            for ticker in weights.columns
        ]
    )
    fig.update_layout(
        title="Allocation at each close",
        yaxis={"tickformat": ".0%", "range": [0, 1], "title": "weight of its holdings"},
        hovermode="x unified",
        **LAYOUT,
    )
    return legend_below(fig)


def turnover_figure(frame: pd.DataFrame) -> go.Figure | dict:
    """Per calendar month: notional bought + sold ÷ the month's average value."""
    shown = frame.dropna(subset=["turnover"])
    if shown.empty:
        return empty_figure("No trades or values in this period's months.")
    fig = go.Figure(
        go.Bar(
            x=shown["month"], y=shown["turnover"], name="Turnover", marker={"color": "#1f5fbf"},
            customdata=shown[["bought", "sold", "average_value"]].to_numpy(),
            hovertemplate="%{x|%b %Y}: %{y:.0%} of its value<br>bought ≈ $%{customdata[0]:,.0f}, sold ≈ $%{customdata[1]:,.0f}"
            "<br>average value $%{customdata[2]:,.0f}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_layout(
        title="Monthly turnover",
        yaxis={"tickformat": ".0%", "title": "bought + sold ÷ average value"},
        xaxis={"tickformat": "%b %Y"},
        **LAYOUT,
    )
    return fig
