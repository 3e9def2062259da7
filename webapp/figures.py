"""Pure builders of plotly figures from query results (no I/O, easy to test)."""

from __future__ import annotations

import functools
import json

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from webapp.formatting import account_colours, account_label, clipped, plotly_text

# plotly_white with transparent backgrounds, so figures follow the page's light or dark theme. It is
# plotly's default, which every go.Figure() takes as it is made: naming it again in update_layout
# would validate and copy the whole template a second time (about 10 ms a figure)
pio.templates["dashboard"] = go.layout.Template(pio.templates["plotly_white"])
pio.templates["dashboard"].layout.update(paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)")
pio.templates.default = "dashboard"
POSITIVE = "#1a9850"
NEGATIVE = "#d73027"
TOTAL_COLOUR = "#343a40"  # a total's line; theme.css draws it in the page's text colour in dark mode
# the legend under the chart, in the figure's bottom margin, which plotly grows to hold it (with the
# x axis' tick labels above it: axes need automargin), so it never covers the axis or squeezes the
# plot sideways on a phone
LEGEND_BELOW = {
    "orientation": "h",
    "yref": "container",
    "y": 0,
    "yanchor": "bottom",
    "xref": "container",
    "x": 0,
    "xanchor": "left",
}


def legend_below(fig: go.Figure) -> go.Figure:
    """Put the legend under the chart (LEGEND_BELOW) and let the x axes make room for their ticks."""
    fig.update_layout(legend=LEGEND_BELOW)
    fig.update_xaxes(automargin=True)
    return fig


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


def flow_buckets(flows: pd.DataFrame) -> pd.DataFrame:
    """Deposits and withdrawals summed per account and week (spans of up to a year) or month: a
    marker per bucket, not per flow, so a monthly deposit plan does not bury the chart. Columns:
    account_id, date (the bucket's last flow), amount (net), deposits, withdrawals (sums), count,
    period (the bucket's label)."""
    if flows.empty:
        return flows.assign(deposits=[], withdrawals=[], count=[], period=[])
    days = pd.to_datetime(flows["date"])
    freq, label = ("W", "week of %Y-%m-%d") if (days.max() - days.min()).days <= 366 else ("M", "%B %Y")
    grouped = flows.assign(bucket=days.dt.to_period(freq), date=days).groupby(["account_id", "bucket"], sort=True)
    summed = grouped.agg(
        date=("date", "max"),
        amount=("amount", "sum"),
        deposits=("amount", lambda a: a[a > 0].sum()),
        withdrawals=("amount", lambda a: a[a < 0].sum()),
        count=("amount", "size"),
    ).reset_index()
    summed["period"] = summed["bucket"].map(lambda b: b.start_time.strftime(label))
    return summed.drop(columns="bucket")


def _flow_markers(moved: pd.DataFrame, colour: str, legend: str, first: bool) -> go.Scatter:
    """An account's deposits (up) and withdrawals (down), summed per week or month, along the foot
    of the growth panel (its own axis, yaxis3): marked under the line, never on it."""
    return go.Scatter(
        x=moved["date"], y=[0.04] * len(moved), yaxis="y3", mode="markers", name="Deposits ▲ / withdrawals ▼",
        legendgroup="flows", showlegend=first, legendrank=2000,
        marker={"symbol": ["triangle-up" if a >= 0 else "triangle-down" for a in moved["amount"]], "size": 8, "color": colour},
        customdata=moved[["period", "deposits", "withdrawals", "amount", "count"]],
        hovertemplate=(f"{legend}, %{{customdata[0]}}: %{{customdata[4]}} flows, deposits %{{customdata[1]:$,.0f}}, "
                       "withdrawals %{customdata[2]:$,.0f}, net %{customdata[3]:$,.0f}<extra></extra>"),
    )  # fmt: skip


def account_figure(frame: pd.DataFrame, flows: pd.DataFrame | None = None) -> go.Figure:
    """The whole account, deposit-adjusted: growth of 1 above (deposits and withdrawals from
    Composer's non-trade report marked on it, summed per week or month), drawdown below, each
    account in its own colour."""
    from plotly.subplots import make_subplots

    if frame.empty:
        return empty_figure("No account history yet.")
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32], vertical_spacing=0.06)
    colours = account_colours(frame["account_id"].unique())
    buckets = flow_buckets(flows) if flows is not None else pd.DataFrame()
    for account_id, part in frame.groupby("account_id"):
        label = account_label(part["account_type"].iloc[0], str(account_id))
        colour = colours[account_id]
        fig.add_trace(
            go.Scatter(
                x=part["date"], y=part["wealth"], name=label, legendgroup=label, mode="lines", line={"width": 2, "color": colour}
            ),
            row=1,
            col=1,
        )
        moved = buckets[buckets["account_id"] == account_id] if not buckets.empty else buckets
        if not moved.empty:
            fig.add_trace(_flow_markers(moved, colour, label, not any(t.legendgroup == "flows" for t in fig.data)))
        fig.add_trace(
            go.Scatter(
                x=part["date"], y=part["drawdown"], name=f"{label} drawdown", legendgroup=label, mode="lines", fill="tozeroy",
                line={"color": colour, "width": 1}, fillcolor=_translucent(colour), showlegend=False,
                hovertemplate=f"{label} drawdown %{{y:.1%}}<extra></extra>",
            ),
            row=2,
            col=1,
        )  # fmt: skip
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
        yaxis3={"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True},
        title={"text": "Whole account, deposit-adjusted", "x": 0.01},
        margin={"l": 60, "r": 20, "t": 45, "b": 10},
        height=440,
        hovermode="x unified",
        showlegend=True,
    )
    return legend_below(fig)


def _translucent(colour: str, alpha: float = 0.25) -> str:
    """'#1f5fbf' as rgba with the given opacity (a drawdown's fill under its line)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"
