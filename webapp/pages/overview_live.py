"""The overview's today, live: the panel above the account cards, the leaderboard's live column
and the poll that refreshes them (webapp/live_panel.py builds what they show). The page asks the
server only while the market is open and the tab is visible."""

from __future__ import annotations

import logging

import dash
import dash_bootstrap_components as dbc
import duckdb
from dash import Input, Output, State, dcc, html

from webapp import ids, live_panel
from webapp.pages import PageCallbacks
from webapp.report import Report
from webapp.store import Lake, LakeUnavailable, live_readers, readers

log = logging.getLogger("webapp.overview")
callbacks = PageCallbacks()


def components(lake: Lake) -> list:
    """The poll (off until the first answer says the market is open), its visible ticks, the panel."""
    return [
        dcc.Interval(id=ids.LIVE_POLL, interval=int(lake.config.live_poll_seconds * 1000), disabled=True),
        dcc.Store(id=ids.LIVE_TICK),
        html.Div(id=ids.LIVE_PANEL),
    ]


@callbacks.callback(
    Output(ids.LIVE_PANEL, "children"),
    Output(ids.LIVE_POLL, "interval"),
    Output(ids.LIVE_POLL, "disabled"),
    Output(ids.OVERVIEW_GRID, "columnDefs", allow_duplicate=True),
    Output(ids.OVERVIEW_GRID, "rowData", allow_duplicate=True),
    Input(ids.OVERVIEW_AUTOMATIC, "data"),
    Input(ids.LIVE_TICK, "data"),
    State(ids.REPORT, "data"),
    State(ids.OVERVIEW_GRID, "columnDefs"),
    State(ids.OVERVIEW_GRID, "rowData"),
    prevent_initial_call=True,
)
def show_live(
    lake: Lake, _: str | None, tick: int | None, report_query: dict | None, columns: list[dict] | None, rows: list[dict] | None
):
    """Today's panel, the leaderboard's live column and the poll's next interval: once the
    leaderboard is filled (load_overview sets the automatic pick), then on every poll."""
    try:
        live = live_readers.live_readings(lake, Report.from_query(report_query), lake.clock())
        account_types = readers.accounts(lake)
    except LakeUnavailable:
        return [], dash.no_update, True, dash.no_update, dash.no_update
    except duckdb.Error as exc:  # a broken intraday file: say so, keep the nightly figures, try again
        log.exception("the intraday readings could not be read")
        notice = dbc.Alert(
            f"Today's intraday readings could not be read ({str(exc).splitlines()[0][:200]}); the figures below are the "
            "nightly snapshot's, and the page tries again at its next poll.",
            color="warning",
            className="py-2 small",
            id=ids.LIVE_ERROR,
        )
        return [notice], live_panel.every_ms(lake.config.live_poll_seconds), False, dash.no_update, dash.no_update
    interval, disabled = live_panel.poll(live, lake.config.live_poll_seconds)
    new_columns, new_rows = live_panel.with_live_column(columns or [], rows or [], live)
    # only what changed: a new column header re-lays the grid out (a phone's key columns move)
    return (
        live_panel.panel(live, account_types),
        interval,
        disabled,
        new_columns if new_columns != columns else dash.no_update,
        new_rows if new_rows != rows else dash.no_update,
    )


callbacks.clientside(
    # a poll reaches the server only while the page is visible
    "function(n) { return document.hidden ? window.dash_clientside.no_update : n; }",
    Output(ids.LIVE_TICK, "data"),
    Input(ids.LIVE_POLL, "n_intervals"),
    prevent_initial_call=True,
)
