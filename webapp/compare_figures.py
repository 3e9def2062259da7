"""Pure builders of the compare page's figures."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from webapp.figures import TOTAL_COLOUR, empty_figure, legend_below
from webapp.formatting import OTHERS_COLOUR, clipped, plotly_text

LAYOUT = {
    "margin": {"l": 55, "r": 20, "t": 45, "b": 10},
    "height": 420,
    "hovermode": "x unified",
}


def overlay(
    frame: pd.DataFrame, names: dict[str, str], colours: Mapping[str, str], column: str, title: str, tickformat: str | None = None
) -> go.Figure:
    """One line per symphony, in its colour, the legend under the chart."""
    if frame.empty:
        return empty_figure("Pick two or more symphonies.")
    fig = go.Figure()
    for symphony_id, part in frame.groupby("symphony_id", sort=False):
        name = plotly_text(clipped(names.get(symphony_id, symphony_id), 60))
        line = {"color": colours.get(symphony_id, OTHERS_COLOUR)}
        fig.add_trace(go.Scatter(x=part["date"], y=part[column], mode="lines", name=name, line=line))
    fig.update_layout(title=title, yaxis={"tickformat": tickformat} if tickformat else {}, **LAYOUT)
    return legend_below(fig)


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


def contributions_keys(frame: pd.DataFrame, colours: Mapping[str, str]) -> list[tuple[str, str]]:
    """Each contributor of the stacked PnL chart (label, colour), in the chart's order: the key a
    page shows under it (account_sections.chart_key), which wraps on any screen where a plotly
    legend of long names would not."""
    keys = frame[["label", "symphony_id"]].drop_duplicates()
    return [
        (label, colours.get(symphony_id, OTHERS_COLOUR) if isinstance(symphony_id, str) else OTHERS_COLOUR)
        for label, symphony_id in keys.itertuples(index=False)
    ]


def contributions_figure(frame: pd.DataFrame, colours: Mapping[str, str]) -> go.Figure:
    """Cumulative PnL of the largest contributors over time: each one's gains stacked above zero and
    its losses below (a symphony that is down never hides one that is up), in its colour, and the
    total of all of them as a line. Its key is HTML beside it (contributions_keys), not a legend."""
    if frame.empty:
        return empty_figure("No PnL yet.")
    fig = go.Figure()
    for (label, colour), (_, part) in zip(
        contributions_keys(frame, colours), frame.groupby(["label", "symphony_id"], sort=False, dropna=False)
    ):
        for side, values in (("gains", part["cumulative_pnl"].clip(lower=0)), ("losses", part["cumulative_pnl"].clip(upper=0))):
            if not values.any():
                continue
            fig.add_trace(
                go.Scatter(
                    x=part["date"], y=values, name=plotly_text(clipped(label, 60)), mode="lines", stackgroup=side,
                    line={"width": 0.5, "color": colour}, fillcolor=colour, customdata=part["cumulative_pnl"],
                    hovertemplate="%{fullData.name}: %{customdata:$,.0f}<extra></extra>",
                )
            )  # fmt: skip
    total = frame.groupby("date", sort=True)["cumulative_pnl"].sum()
    fig.add_trace(
        go.Scatter(
            x=total.index, y=total.values, name="Total", mode="lines", uid="pnl-total",
            line={"color": TOTAL_COLOUR, "width": 2.5}, hovertemplate="Total: %{y:$,.0f}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_layout(
        title={
            "text": "Cumulative PnL by symphony",
            "subtitle": {"text": "gains stacked up, losses down; the line: their total"},
        },
        yaxis={"tickprefix": "$", "tickformat": ",.0f", "zeroline": True},
        showlegend=False,
        **{**LAYOUT, "height": 420, "margin": {**LAYOUT["margin"], "t": 70}},  # room for the subtitle
    )
    fig.update_xaxes(automargin=True)
    return fig


def allocation_figure(frame: pd.DataFrame, colours: Mapping[str, str]) -> go.Figure:
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
            marker={"color": [colours.get(s, OTHERS_COLOUR) for s in ordered["symphony_id"]]},
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
    return legend_below(fig)
