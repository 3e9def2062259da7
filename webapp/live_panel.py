"""Today, live: what the overview shows of the intraday readings (pure: built from
live_readers.LiveReadings). A label says exactly what the figure is: live at a reading's time in
New York, stale when the newest reading is older than two of the job's intervals while the market
is open, or the close once the session is over. Period metrics never read these figures."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from webapp import cards, ids
from webapp.figures import legend_below
from webapp.formatting import account_colours, account_label, show
from webapp.metric_columns import PERCENT, column_def
from webapp.store.live_readers import LiveReadings

NEW_YORK = ZoneInfo("America/New_York")
FIELD = "live_today_change"  # the leaderboard's live column
MAX_WAIT_S = 3600.0  # closed: the page looks again at the next open, or within the hour
HALF = {"xs": 6}  # an account's two cards side by side, at every width


def headline(live: LiveReadings) -> str:
    """'Today (live, 14:35 ET)', '… stale …', or the close once the session is over."""
    row = live.today.iloc[0]
    at = f"{row['reading_time_et']} ET"
    if bool(row["market_open_now"]):
        if bool(row["is_stale"]):
            minutes = int(row["age_seconds"] // 60)
            return f"Today (live, {at} · stale: no reading for {minutes} min)"
        return f"Today (live, {at})"
    day = row["market_date"].date() if hasattr(row["market_date"], "date") else row["market_date"]
    today = live.now.astimezone(NEW_YORK).date()
    when = "Today" if day == today else f"{day:%a %b} {day.day}"
    waiting = " · no reading yet today" if live.open_session is not None and day != today else ""
    return f"{when} (at the close, last reading {at}){waiting}"


def explanation(live: LiveReadings) -> str:
    row = live.today.iloc[0]
    every = f"every {row['interval_seconds'] / 60:g} min, " if pd.notna(row["interval_seconds"]) else ""
    return (
        f"Composer's figures at the newest reading ({every}market hours until {row['market_close_et']} ET), "
        "changes since the previous close. The period metrics below are the nightly snapshot's."
    )


def poll(live: LiveReadings | None, poll_seconds: float) -> tuple[int, bool]:
    """(dcc.Interval's interval in ms, disabled): every `poll_seconds` while the market is open,
    else once at the next open (within the hour); off when the live job has never run."""
    every = every_ms(poll_seconds)
    if live is None:
        return every, True
    if live.open_session is not None:
        return every, False
    wait = (live.next_open - live.now).total_seconds() if live.next_open else MAX_WAIT_S
    return int(max(1.0, min(wait + 1.0, MAX_WAIT_S)) * 1000), False


def every_ms(poll_seconds: float) -> int:
    """The poll's interval while the market is open: LIVE_POLL_SECONDS, at least a second."""
    return int(max(poll_seconds, 1.0) * 1000)


def panel(live: LiveReadings | None, account_types: dict[str, str]) -> list:
    """The headline, a row of cards per account, and the chart of each account's change today."""
    if live is None or live.today.empty:
        return []
    accounts = live.today[live.today["subject_kind"] == "account"]
    stale = bool(live.today["is_stale"].iloc[0])
    title = html.H4(headline(live), className="mb-1 mt-2" + (" text-warning-emphasis" if stale else ""), id=ids.LIVE_HEADLINE)
    out = [title, html.P(explanation(live), className="text-body-secondary small mb-2")]
    groups = [
        dbc.Col(
            [
                html.Div(
                    account_label(account_types.get(row["account_id"]), row["account_id"]), className="small fw-semibold mb-1"
                ),
                _cards(row),
            ],
            xs=12,
            lg=6,
        )
        for row in accounts.to_dict("records")
    ]
    out.append(dbc.Row(groups, className="g-3"))
    first = live.today.iloc[0]
    session = (_et(first["market_open"]), _et(first["market_close"]))
    out.append(dcc.Graph(id=ids.LIVE_CHART, figure=intraday_figure(live.accounts, account_types, session)))
    out.append(html.Hr(className="my-3"))  # below it: the report period, from the nightly snapshot
    return out


def _et(moment: pd.Timestamp) -> pd.Timestamp:
    """A UTC time as New York wall-clock time (how the chart's axis reads)."""
    return pd.Timestamp(moment).tz_convert(NEW_YORK).tz_localize(None)


def _cards(row: dict) -> dbc.Row:
    time = f"at {row['reading_time_et']} ET"
    return dbc.Row(
        [
            cards.card(
                "Value now",
                row["value"],
                "${:,.0f}",
                definition="Composer's account value at the reading",
                of=time,
                large=True,
                widths=HALF,
            ),
            cards.card(
                "Change today",
                row["todays_percent_change"],
                "{:+.2%}",
                definition="Composer's change since the previous close: a percentage of that close, and in dollars "
                "(a deposit or withdrawal today moves it too)",
                of=f"{show(row['todays_dollar_change'], '${:,.0f}')} · {time}",
                large=True,
                signed=True,
                widths=HALF,
            ),
        ],
        className="g-2",
    )


def intraday_figure(frame: pd.DataFrame, account_types: dict[str, str], session: tuple | None = None) -> go.Figure:
    """Each account's change since the previous close at every reading today (its value on
    hover), over the session's hours in New York time: accounts of any size on one scale."""
    fig = go.Figure()
    colours = account_colours(frame["account_id"].unique()) if not frame.empty else {}
    for account_id, part in frame.groupby("account_id"):
        fig.add_trace(
            go.Scatter(
                x=part["reading_at_et"],
                y=part["todays_percent_change"],
                name=account_label(account_types.get(account_id), str(account_id)),
                mode="lines+markers",
                line={"width": 2, "color": colours[account_id]},
                marker={"size": 5},
                customdata=part[["value"]],
                hovertemplate="%{x|%H:%M} ET · %{y:+.2%} · $%{customdata[0]:,.0f}<extra></extra>",
            )
        )
    day = frame["market_date"].iloc[0] if not frame.empty else None
    fig.add_hline(y=0, line={"color": "#7f7f7f", "width": 1, "dash": "dot"})
    fig.update_layout(
        title={"text": f"Change today, {day:%b} {day.day} (ET)" if day is not None else "Change today", "x": 0.01},
        margin={"l": 60, "r": 20, "t": 45, "b": 10},
        height=300,
        hovermode="x unified",
        yaxis={"tickformat": "+.2%", "title": {"text": "since the previous close"}},
        xaxis={"tickformat": "%H:%M", **({"range": list(session)} if session else {})},
    )
    return legend_below(fig)


def with_live_column(columns: list[dict], rows: list[dict], live: LiveReadings | None) -> tuple[list[dict], list[dict]]:
    """The leaderboard with its live column (after the name), or without one when there is no
    reading; each row's figure is its symphony's latest reading."""
    columns = [c for c in columns if c.get("field") != FIELD]
    if live is None or live.today.empty:
        return columns, [{k: v for k, v in r.items() if k != FIELD} for r in rows]
    # a symphony worth nothing now (liquidated) has no move today, whatever change Composer still reports
    symphonies = live.today[(live.today["subject_kind"] == "symphony") & (live.today["value"] > 0)]
    change = dict(zip(symphonies["subject_id"], symphonies["todays_percent_change"]))
    definition = (
        explanation(live).replace("value now and the change", "the symphony's change")
        + " Symphony figures come from another feed than account figures, so they can differ a little."
    )
    column = column_def(FIELD, headline(live), PERCENT, definition)
    column["cellClassRules"] = {"text-success": "params.value > 0", "text-danger": "params.value < 0"}
    at = next((i + 1 for i, c in enumerate(columns) if c.get("field") == "name"), 0)
    return columns[:at] + [column] + columns[at:], [{**r, FIELD: _number(change.get(r.get("symphony_id")))} for r in rows]


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
