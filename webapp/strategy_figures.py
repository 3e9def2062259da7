"""Pure builders of the strategy page's figures (query results in, plotly figures out)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from webapp.figures import NEGATIVE, empty_figure, legend_below
from webapp.formatting import plotly_text

LAYOUT = {"margin": {"l": 55, "r": 20, "t": 45, "b": 10}, "height": 340, "hovermode": "x unified"}
LOG_TICKS = tuple(m * 10.0**e for e in range(-3, 5) for m in (1, 2, 5))  # 0.001, 0.002, 0.005, 0.01, ... 50,000
SERIES_COLOURS = {"Live": "#1f5fbf", "Backtest": "#9a9a9a"}
WINDOW_COLOURS = ("#1f5fbf", "#2ca02c", "#e08a00")


def _mark_edits(fig: go.Figure, edits: list, rows: int = 1) -> None:
    for edit in edits:
        for row in range(1, rows + 1):
            fig.add_vline(
                x=edit,
                line={"dash": "dot", "color": "#b8860b", "width": 1},
                row=row if rows > 1 else None,
                col=1 if rows > 1 else None,
            )
    if edits:
        fig.add_annotation(
            x=edits[-1],
            y=1,
            yref="paper",
            text="edited",
            showarrow=False,
            font={"size": 10, "color": "#b8860b"},
            yanchor="bottom",
        )


def _mark_alerts(fig: go.Figure, starts: list[tuple]) -> None:
    """A red marker on the day each alert started (rule name on hover), along the chart's top."""
    if not starts:
        return
    fig.add_trace(
        go.Scatter(
            x=[day for day, _ in starts], y=[1] * len(starts), yaxis="y2", mode="markers", name="Alert started",
            marker={"symbol": "triangle-down", "size": 10, "color": NEGATIVE},
            customdata=[plotly_text(rule) for _, rule in starts], hovertemplate="Alert %{customdata} %{x|%Y-%m-%d}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_layout(yaxis2={"overlaying": "y", "range": [0, 1.05], "visible": False, "fixedrange": True})


CONE_MIN_DAYS = 20  # fewer backtest days before going live say nothing about its spread


def _draw_cone(fig: go.Figure, live: pd.DataFrame, cone: dict) -> None:
    """The backtest's pre-live distribution around live growth: from the first live day of the
    chart, wealth x exp(mean * k +- z * sd * sqrt(k)) after k days, z = 1 and 2 (about 68% and
    95% of paths if the live returns were drawn like the backtest's)."""
    if live.empty or (cone.get("days") or 0) < CONE_MIN_DAYS or cone.get("sd_log_return") is None:
        return
    k = np.arange(len(live))
    start = float(live["wealth"].iloc[0])
    mean, sd = float(cone["mean_log_return"]), float(cone["sd_log_return"])
    for z, opacity, label in ((2, 0.08, "95%"), (1, 0.14, "68%")):
        upper = start * np.exp(mean * k + z * sd * np.sqrt(k))
        lower = start * np.exp(mean * k - z * sd * np.sqrt(k))
        fig.add_trace(go.Scatter(x=live["date"], y=upper, mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"))
        fig.add_trace(
            go.Scatter(
                x=live["date"], y=lower, mode="lines", line={"width": 0}, fill="tonexty", fillcolor=f"rgba(127,127,127,{opacity})",
                name=f"Backtest before live, {label} range", hoverinfo="skip",
            )
        )  # fmt: skip


def equity_figure(
    frame: pd.DataFrame,
    edits: list,
    rebalances: pd.DataFrame,
    log_scale: bool,
    alert_starts: list[tuple] | None = None,
    cone: dict | None = None,
    trades: list[go.Scatter] | None = None,
) -> go.Figure:
    """Live, backtest and benchmark growth; the edits, the days alerts started (day, rule), the
    rebalance days of the backtest's schedule with the allocation changes it reports, and the
    days the live symphony's own holdings changed (`trades`: trade_figures.trade_markers)."""
    if frame.empty:
        return empty_figure("No live history for this symphony.")
    fig = go.Figure()
    _draw_cone(fig, frame[frame["series"] == "Live"], cone or {})
    for series, part in frame.groupby("series", sort=False):
        fig.add_trace(
            go.Scatter(
                x=part["date"], y=part["wealth"], name=series, mode="lines",
                line={"color": SERIES_COLOURS.get(series, "#e08a00"), "width": 2 if series == "Live" else 1.5},
                hovertemplate=f"{series} %{{y:.3f}}<extra></extra>",
            )
        )  # fmt: skip
    if not rebalances.empty:
        shown = rebalances.dropna(subset=["wealth"]).iloc[:: max(1, len(rebalances) // 300)]
        fig.add_trace(
            go.Scatter(
                x=shown["date"], y=shown["wealth"], mode="markers", name="Backtest's rebalance schedule",
                marker={"size": 5, "color": "#7f7f7f", "opacity": 0.6, "symbol": "diamond"},
                customdata=shown[["changes"]].map(plotly_text), hovertemplate="Backtest rebalance %{x|%Y-%m-%d}<br>%{customdata[0]}<extra></extra>",
            )
        )  # fmt: skip
    for trace in trades or []:
        fig.add_trace(trace)
    _mark_edits(fig, edits)
    _mark_alerts(fig, alert_starts or [])
    yaxis = log_axis(frame["wealth"]) if log_scale else {"type": "linear"}
    fig.update_layout(title="Growth of 1: live vs backtest vs benchmark", yaxis=yaxis, **{**LAYOUT, "height": 440})
    return legend_below(fig)


def log_axis(values: pd.Series) -> dict:
    """A log y axis whose ticks read as numbers (0.2, 0.5, 1, 2, 5, 10), never as plotly's bare
    digits between powers of ten ("2", "5" for 0.2 and 0.5): ticks at 1, 2 and 5 times a power of
    ten within the data's range, when it spans a factor of 3 or more (narrower, plotly's own ticks
    are whole numbers already)."""
    shown = values[values > 0]
    if shown.empty or shown.max() / shown.min() < 3:
        return {"type": "log"}
    ticks = [t for t in LOG_TICKS if shown.min() / 1.5 <= t <= shown.max() * 1.5]
    return {"type": "log", "tickvals": ticks, "ticktext": [f"{t:,g}" for t in ticks]}


def underwater_figure(frame: pd.DataFrame, worst: pd.DataFrame, edits: list) -> go.Figure:
    if frame.empty:
        return empty_figure("No live history for this symphony.")
    fig = go.Figure(
        go.Scatter(x=frame["date"], y=frame["drawdown"], fill="tozeroy", mode="lines", line={"color": NEGATIVE, "width": 1}, name="Drawdown",
                   hovertemplate="%{y:.1%}<extra></extra>")
    )  # fmt: skip
    for _, episode in worst.iterrows():
        end = episode["recovery_date"] if pd.notna(episode["recovery_date"]) else frame["date"].iloc[-1]
        fig.add_vrect(x0=episode["start_date"], x1=end, fillcolor=NEGATIVE, opacity=0.08, line_width=0)
        fig.add_annotation(
            x=episode["trough_date"], y=episode["depth"], text=f"{episode['depth']:.1%}", showarrow=True, arrowhead=0, ay=20
        )
    _mark_edits(fig, edits)
    fig.update_layout(title="Underwater (3 worst shaded)", yaxis={"tickformat": ".0%"}, **LAYOUT)
    return legend_below(fig)


def monthly_heatmap(frame: pd.DataFrame) -> go.Figure:
    if frame.empty:
        return empty_figure("Not a full month of returns yet.")
    months = pd.to_datetime(frame["month"])
    table = frame.assign(year=months.dt.year, month_name=months.dt.strftime("%b")).pivot(
        index="year", columns="month_name", values="period_return"
    )
    order = [
        m for m in ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] if m in table.columns
    ]
    table = table[order]
    # whole percents in the cells (12 months fit a phone's width at 11 px); hover has two decimals
    fig = go.Figure(
        go.Heatmap(
            z=table.values, x=order, y=[str(y) for y in table.index], colorscale="RdYlGn", zmid=0,
            text=[[("" if pd.isna(v) else f"{100 * v:.0f}") for v in row] for row in table.values], texttemplate="%{text}",
            textfont={"size": 11}, hovertemplate="%{y} %{x}: %{z:.2%}<extra></extra>", showscale=False, xgap=1, ygap=1,
        )
    )  # fmt: skip
    fig.update_layout(title="Monthly returns, %", **{**LAYOUT, "hovermode": "closest"})
    fig.update_xaxes(tickangle=0, tickfont={"size": 10}, automargin=True)
    fig.update_yaxes(automargin=True, type="category")
    return fig


def rolling_figure(frame: pd.DataFrame, edits: list) -> go.Figure:
    if frame.dropna(subset=["sharpe"]).empty:
        return empty_figure("Rolling metrics need at least 63 trading days.")
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.1,
        subplot_titles=("Rolling Sharpe (annualized)", "Rolling volatility (annualized)"),
    )
    for colour, (window, part) in zip(WINDOW_COLOURS, frame.groupby("window_days")):
        line = {"color": colour, "width": 1.5}
        fig.add_trace(
            go.Scatter(
                x=part["date"], y=part["sharpe"], name=f"last {window} days", mode="lines", line=line, legendgroup=str(window)
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=part["date"],
                y=part["volatility"],
                name=f"last {window} days",
                mode="lines",
                line=line,
                legendgroup=str(window),
                showlegend=False,
            ),
            row=2,
            col=1,
        )
    _mark_edits(fig, edits, rows=2)
    fig.update_yaxes(tickformat=".0%", row=2, col=1)
    fig.update_layout(**{**LAYOUT, "height": 460})
    return legend_below(fig)


def distribution_figure(frame: pd.DataFrame) -> go.Figure:
    if frame.empty:
        return empty_figure("No daily returns yet.")
    fig = go.Figure(
        go.Histogram(
            x=frame["daily_return"], nbinsx=80, marker={"color": "#1f5fbf"}, hovertemplate="%{x:.2%}: %{y} days<extra></extra>"
        )
    )
    fig.add_vline(x=float(frame["daily_return"].mean()), line={"dash": "dash", "color": "#555"})
    fig.update_layout(
        title="Distribution of daily returns", xaxis={"tickformat": ".1%"}, bargap=0.02, **{**LAYOUT, "hovermode": "closest"}
    )
    return fig
