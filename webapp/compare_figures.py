"""Pure builders of the compare page's figures."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from webapp.figures import empty_figure  # noqa: F401 (empty_figure is re-exported for the page)
from webapp.formatting import clipped, plotly_text, symphony_colour

LAYOUT = {
    "margin": {"l": 55, "r": 20, "t": 45, "b": 35},
    "height": 380,
    "hovermode": "x unified",
    "legend": {"orientation": "h", "y": -0.12},
}


def overlay(frame: pd.DataFrame, names: dict[str, str], column: str, title: str, tickformat: str | None = None) -> go.Figure:
    if frame.empty:
        return empty_figure("Pick two or more symphonies.")
    fig = go.Figure()
    for symphony_id, part in frame.groupby("symphony_id", sort=False):
        name = plotly_text(clipped(names.get(symphony_id, symphony_id), 60))
        line = {"color": symphony_colour(symphony_id)}
        fig.add_trace(go.Scatter(x=part["date"], y=part[column], mode="lines", name=name, line=line))
    fig.update_layout(title=title, yaxis={"tickformat": tickformat} if tickformat else {}, **LAYOUT)
    return fig


def correlation_heatmap(frame: pd.DataFrame, names: dict[str, str], order: list[str]) -> go.Figure:
    if frame.empty:
        return empty_figure("Correlations need two symphonies with common days.")
    matrix = frame.pivot(index="symphony_a", columns="symphony_b", values="correlation").reindex(index=order, columns=order)
    for symphony_id in order:
        matrix.loc[symphony_id, symphony_id] = 1.0
    labels = [plotly_text(clipped(names.get(s, s), 40)) for s in order]
    fig = go.Figure(
        go.Heatmap(
            z=matrix.values, x=labels, y=labels, zmin=-1, zmax=1, colorscale="RdBu", reversescale=True,
            text=[[("" if pd.isna(v) else f"{v:.2f}") for v in row] for row in matrix.values], texttemplate="%{text}",
            hovertemplate="%{y} / %{x}: %{z:.2f}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_layout(title="Correlation of daily returns", **{**LAYOUT, "hovermode": "closest", "height": 420})
    return fig


def contributions_figure(frame: pd.DataFrame) -> go.Figure:
    """Cumulative PnL of the largest contributors stacked over time."""
    if frame.empty:
        return empty_figure("No PnL yet.")
    fig = go.Figure()
    for (label, symphony_id), part in frame.groupby(["label", "symphony_id"], sort=False, dropna=False):
        colour = symphony_colour(symphony_id)
        fig.add_trace(
            go.Scatter(
                x=part["date"],
                y=part["cumulative_pnl"],
                name=plotly_text(clipped(label, 60)),
                mode="lines",
                stackgroup="pnl",
                line={"width": 0.5, "color": colour},
                fillcolor=colour,
            )
        )
    fig.update_layout(
        title="Cumulative PnL by symphony (stacked)", yaxis={"tickprefix": "$", "tickformat": ",.0f"}, **{**LAYOUT, "height": 420}
    )
    return fig


def allocation_figure(frame: pd.DataFrame) -> go.Figure:
    """Today's value per symphony as a sorted bar, each named and in its colour."""
    if frame.empty:
        return empty_figure("Nothing invested right now.")
    ordered = frame.sort_values("value")
    share = ordered["value"] / ordered["value"].sum()
    fig = go.Figure(
        go.Bar(
            y=[plotly_text(clipped(name, 28)) for name in ordered["name"]],
            x=ordered["value"],
            orientation="h",
            marker={"color": [symphony_colour(s) for s in ordered["symphony_id"]]},
            text=[f"{s:.0%}" for s in share],
            textposition="auto",
            customdata=share,
            hovertemplate="%{y}: $%{x:,.0f} (%{customdata:.1%})<extra></extra>",
        )
    )
    layout = {**LAYOUT, "height": max(320, 22 * len(ordered) + 90), "hovermode": "closest", "showlegend": False}
    layout["margin"] = {"l": 10, "r": 10, "t": 45, "b": 30}
    fig.update_layout(title="Allocation by current value", xaxis={"tickprefix": "$", "tickformat": ",.2s"}, **layout)
    fig.update_yaxes(automargin=True)
    return fig


def blend_figure(frame: pd.DataFrame, actual: pd.DataFrame | None = None) -> go.Figure:
    """The blend's growth, and the actual portfolio's over the same days when given."""
    if frame.empty:
        return empty_figure("Give at least one symphony a weight above zero.")
    fig = go.Figure(go.Scatter(x=frame["date"], y=frame["growth"], mode="lines", name="Blend", line={"width": 2}))
    if actual is not None and not actual.empty:
        fig.add_trace(
            go.Scatter(
                x=actual["date"], y=actual["growth"], mode="lines", name="Actual portfolio",
                line={"width": 1.5, "color": "#7f7f7f", "dash": "dot"},
            )
        )  # fmt: skip
    fig.update_layout(title="What-if blend: growth of 1 (rebalanced daily)", **LAYOUT)
    return fig
