"""The strategy page's trading: what the symphony's own holdings say it traded (the markers on
the growth chart come with the equity figure), its allocation over time, its monthly turnover,
the trades table and its CSV, and the dry run's preview of today's trades, read on every visit
(it is not part of the nightly snapshot)."""

from __future__ import annotations

import logging

import dash
import dash_bootstrap_components as dbc
import duckdb
from dash import Input, Output, State, dcc, html

from webapp import downloads, ids, trade_figures, trade_sections
from webapp.pages import PageCallbacks
from webapp.report import Report
from webapp.store import Lake, live_readers, readers, symphony_readers

log = logging.getLogger("webapp.strategy")
callbacks = PageCallbacks()


def sections(lake: Lake, symphony_id: str, report: Report, period: str) -> list:
    """The charts, the trades and the place of the preview (filled by `show_preview`)."""
    allocation = trade_figures.allocation_figure(symphony_readers.allocation_history(lake, symphony_id, report))
    turnover = trade_figures.turnover_figure(symphony_readers.turnover(lake, symphony_id, report))
    return [
        dbc.Row(
            [
                dbc.Col(dcc.Graph(id=ids.STRATEGY_ALLOCATION, figure=allocation), lg=6),
                dbc.Col(dcc.Graph(id=ids.STRATEGY_TURNOVER, figure=turnover), lg=6),
            ]
        ),
        html.P(
            "Allocation: each holding's share of the symphony's holdings at each stored close. Turnover: notional "
            "bought + sold in a calendar month ÷ the symphony's average daily value that month, for every month the "
            "period touches, counted whole; 100% = it traded its own value once (half of it is the one-sided measure).",
            className="small text-body-secondary",
        ),
        html.Div(id=ids.STRATEGY_PREVIEW),
        *trade_sections.trades_section(
            symphony_readers.trades(lake, symphony_id, report), symphony_readers.holdings_history_span(lake, symphony_id), period
        ),
    ]


@callbacks.callback(Output(ids.STRATEGY_PREVIEW, "children"), Input(ids.STRATEGY_ID, "data"))
def show_preview(lake: Lake, symphony_id: str) -> list:
    """Today's preview of this symphony, or why there is none (an unreadable one is said, and the
    traceback logged)."""
    try:
        document = live_readers.preview(lake)
    except duckdb.Error:
        log.exception("the dry-run preview could not be read")
        return [
            dbc.Alert("Today's preview of the symphony's trades could not be read; the server log says why.", color="warning")
        ]
    return trade_sections.preview_content(document, symphony_id, lake.clock())


@callbacks.callback(
    Output(ids.STRATEGY_TRADES_DOWNLOAD, "data"),
    Input(ids.STRATEGY_TRADES_CSV, "n_clicks"),
    State(ids.STRATEGY_ID, "data"),
    State(ids.REPORT, "data"),
    prevent_initial_call=True,
)
def export_trades(lake: Lake, _: int, symphony_id: str, report_query: dict | None) -> dict:
    """Every trade of the period as the view has them (downloads.py's dialect)."""
    if symphony_id not in readers.symphony_names(lake):
        return dash.no_update
    report = Report.from_query(report_query)
    suffix = downloads.file_suffix(readers.scope(lake, report))
    return downloads.csv_download(symphony_readers.trades(lake, symphony_id, report), f"trades_{symphony_id}{suffix}.csv")
