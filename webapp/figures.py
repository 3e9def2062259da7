"""Pure builders of plotly figures from query results (no I/O, easy to test)."""

from __future__ import annotations

import functools
import json

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from webapp.formatting import account_label, clipped, plotly_text

# plotly_white with transparent backgrounds, so figures follow the page's light or dark theme. It is
# plotly's default, which every go.Figure() takes as it is made: naming it again in update_layout
# would validate and copy the whole template a second time (about 10 ms a figure)
pio.templates["dashboard"] = go.layout.Template(pio.templates["plotly_white"])
pio.templates["dashboard"].layout.update(paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)")
pio.templates.default = "dashboard"
POSITIVE = "#1a9850"
NEGATIVE = "#d73027"


def empty_figure(message: str) -> dict:
    """A blank chart that says `message`, as the plain figure dict the browser gets (built once
    per message: the page layouts hold two of them)."""
    return json.loads(_empty_figure_json(message))


@functools.lru_cache(maxsize=64)
def _empty_figure_json(message: str) -> str:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font={"size": 14}, xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_layout(
        xaxis={"visible": False},
        yaxis={"visible": False},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        height=380,
    )
    return fig.to_json()


def pnl_figure(frame: pd.DataFrame, name: str) -> go.Figure:
    """Cumulative dollar PnL (net of deposits) over time, green above zero and red below."""
    if frame.empty:
        return empty_figure("No daily values for this symphony in the snapshot.")
    final = float(frame["cumulative_pnl"].iloc[-1])
    colour = POSITIVE if final >= 0 else NEGATIVE
    fig = go.Figure(
        go.Scatter(
            x=frame["date"],
            y=frame["cumulative_pnl"],
            mode="lines",
            name="Cumulative PnL",
            line={"color": colour, "width": 2},
            fill="tozeroy",
            hovertemplate="%{x|%Y-%m-%d}<br>PnL $%{y:,.2f}<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": f"{plotly_text(clipped(name, 60))}: cumulative PnL ${final:,.0f}", "x": 0.01},
        yaxis={"title": "USD, net of deposits", "tickprefix": "$", "tickformat": ",.0f", "zeroline": True},
        xaxis={"title": None},
        margin={"l": 60, "r": 20, "t": 50, "b": 40},
        height=380,
        hovermode="x unified",
    )
    return fig


def _flow_markers(moved: pd.DataFrame, label: str) -> go.Scatter:
    """Deposits (up, green) and withdrawals (down, red) on an account's growth line."""
    return go.Scatter(
        x=moved["date"], y=moved["wealth"], mode="markers", name=f"{label} deposits / withdrawals",
        legendgroup=label, showlegend=False,
        marker={"symbol": ["triangle-up" if a > 0 else "triangle-down" for a in moved["amount"]], "size": 8,
                "color": [POSITIVE if a > 0 else NEGATIVE for a in moved["amount"]]},
        customdata=moved[["amount"]], hovertemplate="%{customdata[0]:$,.0f}<extra>deposit (+) / withdrawal (−)</extra>",
    )  # fmt: skip


def account_figure(frame: pd.DataFrame, flows: pd.DataFrame | None = None) -> go.Figure:
    """The whole account, deposit-adjusted: growth of 1 above (deposits and withdrawals from
    Composer's non-trade report marked on it), drawdown below."""
    from plotly.subplots import make_subplots

    if frame.empty:
        return empty_figure("No account history yet.")
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32], vertical_spacing=0.06)
    for account_id, part in frame.groupby("account_id"):
        label = account_label(part["account_type"].iloc[0], str(account_id))
        fig.add_trace(
            go.Scatter(x=part["date"], y=part["wealth"], name=label, legendgroup=label, mode="lines", line={"width": 2}),
            row=1,
            col=1,
        )
        moved = flows[flows["account_id"] == account_id].merge(part[["date", "wealth"]], on="date") if flows is not None else None
        if moved is not None and not moved.empty:
            fig.add_trace(_flow_markers(moved, label), row=1, col=1)
        fig.add_trace(
            go.Scatter(
                x=part["date"],
                y=part["drawdown"],
                name=f"{label} drawdown",
                legendgroup=label,
                mode="lines",
                fill="tozeroy",
                line={"color": NEGATIVE, "width": 1},
                showlegend=False,
            ),
            row=2,
            col=1,
        )
    if "benchmark_wealth" in frame and frame["benchmark_wealth"].notna().any():
        first = frame[frame["account_id"] == frame["account_id"].iloc[0]]  # the same days for every account
        fig.add_trace(
            go.Scatter(
                x=first["date"], y=first["benchmark_wealth"], name=plotly_text(first["benchmark"].iloc[0]), mode="lines",
                line={"color": "#7f7f7f", "width": 1.5, "dash": "dot"},
            ),
            row=1, col=1,
        )  # fmt: skip
    fig.update_yaxes(title_text="growth of 1", row=1, col=1)
    fig.update_yaxes(title_text="drawdown", tickformat=".0%", row=2, col=1)
    fig.update_layout(
        title={"text": "Whole account, deposit-adjusted", "x": 0.01},
        margin={"l": 60, "r": 20, "t": 45, "b": 35},
        height=400,
        hovermode="x unified",
        showlegend=True,
        legend={"orientation": "h", "y": -0.12, "x": 0},
    )
    return fig
