"""Strategy: one symphony in depth: live vs backtest vs benchmark, drawdowns, monthly returns,
rolling risk, the return distribution, holdings, edits, its own trades (pages/strategy_trades.py),
and Composer's figures, over the report period. The log scale of the equity chart is in the URL too (`?log=1`)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import ClientsideFunction, Input, Output, State, dcc, html

from webapp import downloads, ids, links, notices, strategy_figures, trade_figures
from webapp import strategy_sections as sections
from webapp.formatting import account_label, clipped
from webapp.pages import PageCallbacks, strategy_trades
from webapp.report import Report
from webapp.store import Lake, LakeUnavailable, readers, symphony_readers
from webapp.store.cache import cached_output

PAGE = {"path_template": "/strategy/<symphony_id>", "name": "Strategy", "title": "Strategy · Algo Trading Analytics", "order": 1}
callbacks = PageCallbacks()
callbacks.extend(strategy_trades.callbacks)  # its trading: allocation, turnover, trades, preview


def _first(frame) -> dict:
    return {} if frame.empty else {k: (None if v != v else v) for k, v in frame.iloc[0].to_dict().items()}


def layout(lake: Lake, symphony_id: str | None = None, **query: str) -> html.Div:
    try:
        log_scale = str(query.get("log", "")).lower() in {"1", "true"}
        return _page(lake, symphony_id, Report.from_query(query), log_scale)
    except LakeUnavailable as exc:
        return dbc.Alert(str(exc), color="warning")


@cached_output
def _page(lake: Lake, symphony_id: str | None, report: Report, log_scale: bool) -> html.Div:
    """The whole page for one symphony and report (built once per snapshot, then cached)."""
    leaderboard = readers.leaderboard(lake, report)  # the overview's rows for this period, usually cached already
    m = _first(_row_of(leaderboard, symphony_id))
    refusal = _refusal(lake, symphony_id, report, m)
    if refusal is not None:
        return refusal
    name = readers.symphony_names(lake)[symphony_id]
    return html.Div(
        [
            dcc.Store(id=ids.STRATEGY_ID, data=symphony_id),
            dcc.Store(id=ids.REPORT, data=report.query()),
            html.H4(clipped(name), title=name, className="mb-1 text-break"),
            html.Div(
                f"{m.get('start_date'):%Y-%m-%d} – {m.get('end_date'):%Y-%m-%d} · {m.get('days')} trading days · "
                + sections.status_line(m),
                className="text-body-secondary small mb-2",
                id=ids.STRATEGY_STATUS,
            ),
            sections.short_history_warning(m),
            *sections.headline(
                m,
                _first(symphony_readers.since_edit(lake, symphony_id, report)),
                _first(symphony_readers.live_vs_backtest(lake, symphony_id, report)),
                _first(_row_of(readers.money_weighted(lake, report), symphony_id))
                | _first(_row_of(readers.net_deposits(lake, report), symphony_id)),
                _first(symphony_readers.backtest_drift(lake, symphony_id, report)),
                lake.config.metrics.periods_per_year,
            ),
            dcc.Location(id=ids.STRATEGY_URL, refresh=False),
            notices.set_aside_notice(symphony_readers.set_aside(lake, symphony_id)),  # above the chart the backtest is drawn on
            dbc.Switch(id=ids.STRATEGY_LOG, label="Log scale", value=log_scale, className="mt-3"),
            dcc.Graph(id=ids.STRATEGY_EQUITY),
            *_charts(lake, symphony_id, report),
            sections.tables(
                symphony_readers.drawdown_episodes(lake, symphony_id, report),
                symphony_readers.yearly(lake, symphony_id, report),
                lake.config.metrics.benchmark_ticker,
                m,
                _period_end(lake, report),
            ),
            *sections.holdings_section(symphony_readers.holdings(lake, symphony_id), m),
            *strategy_trades.sections(lake, symphony_id, report, _period_label(m)),
        ]
    )


def _period_label(m: dict) -> str:
    return f"{m.get('start_date'):%Y-%m-%d} – {m.get('end_date'):%Y-%m-%d}"


def _period_end(lake: Lake, report: Report) -> str:
    """The period's last day when it ends before the snapshot's last trading day, else ''."""
    end, last = readers.scope(lake, report).end, readers.data_span(lake)[1]
    return f"{end:%Y-%m-%d}" if end and last and end < last else ""


def _row_of(frame, symphony_id: str):
    return frame[frame["symphony_id"] == symphony_id]


def _refusal(lake: Lake, symphony_id: str | None, report: Report, m: dict) -> dbc.Alert | None:
    """Why the page cannot show this symphony for this report, or None when it can."""
    names = readers.symphony_names(lake)
    overview = links.overview(report)
    if symphony_id not in names:
        return dbc.Alert(
            ["There is no symphony with that id in this account's data. ", dcc.Link("Back to the overview", href=overview)],
            color="info",
            id=ids.STRATEGY_UNKNOWN,
        )
    home = readers.symphony_accounts(lake)[symphony_id]
    if readers.scope(lake, report).account_id not in (None, home):
        everywhere = links.strategy(symphony_id, report.with_every_account())
        return dbc.Alert(
            [
                f"{names[symphony_id]} trades in another account "
                f"({account_label(readers.accounts(lake).get(home), home)}), not in the one picked above. ",
                dcc.Link("Show it with every account", href=everywhere),
                ".",
            ],
            color="info",
            id=ids.STRATEGY_OTHER_ACCOUNT,
        )
    if not m.get("days"):
        return dbc.Alert(
            [
                f"{names[symphony_id]} has no trading day in this period. Pick a longer range above, or ",
                dcc.Link("go back to the overview", href=overview),
                ".",
            ],
            color="info",
            id=ids.STRATEGY_NO_DATA,
        )
    return None


def _charts(lake: Lake, symphony_id: str, report: Report) -> list:
    edits = list(symphony_readers.edits(lake, symphony_id, report)["created_at"])
    worst = symphony_readers.worst_drawdowns(lake, symphony_id, report)
    figures = {
        "strategy-underwater": strategy_figures.underwater_figure(
            symphony_readers.underwater(lake, symphony_id, report), worst, edits
        ),
        "strategy-monthly": strategy_figures.monthly_heatmap(symphony_readers.monthly(lake, symphony_id, report)),
        "strategy-rolling": strategy_figures.rolling_figure(symphony_readers.rolling(lake, symphony_id, report), edits),
        "strategy-distribution": strategy_figures.distribution_figure(symphony_readers.daily_returns(lake, symphony_id, report)),
    }
    graphs = [dbc.Col(dcc.Graph(id=graph_id, figure=figure), lg=6) for graph_id, figure in figures.items()]
    return [dbc.Row(graphs[:2]), dbc.Row(graphs[2:])]


callbacks.clientside(
    ClientsideFunction(namespace="urlState", function_name="logScale"),
    Output(ids.STRATEGY_URL, "search"),
    Output(ids.STRATEGY_LOG, "value"),
    Input(ids.STRATEGY_LOG, "value"),
    Input(ids.STRATEGY_URL, "search"),
    prevent_initial_call=True,
)


@callbacks.callback(
    Output(ids.STRATEGY_EQUITY, "figure"),
    Input(ids.STRATEGY_LOG, "value"),
    State(ids.STRATEGY_ID, "data"),
    State(ids.REPORT, "data"),
)
def show_equity(lake: Lake, log_scale: bool, symphony_id: str, report_query: dict | None):
    if symphony_id not in readers.symphony_names(lake):
        return strategy_figures.empty_figure("Unknown symphony.")
    alerts_at = lake.alert_board().evaluated_at  # the alert state is saved after the snapshot
    return _equity(lake, symphony_id, Report.from_query(report_query), bool(log_scale), alerts_at)


@cached_output
def _equity(lake: Lake, symphony_id: str, report: Report, log_scale: bool, alerts_at: str | None):
    equity = symphony_readers.equity(lake, symphony_id, report)
    edits = list(symphony_readers.edits(lake, symphony_id, report)["created_at"])
    rebalances = symphony_readers.rebalances(lake, symphony_id, report)
    first, last = (equity["date"].min(), equity["date"].max()) if not equity.empty else (None, None)
    starts = [
        (day, h["rule"])
        for h in lake.alert_board().starts
        if h.get("subject_kind") == "symphony" and h.get("subject_id") == symphony_id
        for day in [pd.Timestamp(str(h.get("since") or h.get("as_of") or h["at"])[:10])]  # the day its condition began
        if first is not None and first <= day <= last
    ]
    cone = _first(symphony_readers.backtest_cone(lake, symphony_id, report))
    trades = trade_figures.trade_markers(symphony_readers.trade_markers(lake, symphony_id, report))
    return strategy_figures.equity_figure(equity, edits, rebalances, bool(log_scale), starts, cone, trades)


@callbacks.callback(
    Output(ids.STRATEGY_HOLDINGS_DOWNLOAD, "data"),
    Input(ids.STRATEGY_HOLDINGS_CSV, "n_clicks"),
    State(ids.STRATEGY_ID, "data"),
    prevent_initial_call=True,
)
def export_holdings(lake: Lake, _: int, symphony_id: str) -> dict:
    """The holdings as the view has them (downloads.py's dialect)."""
    if symphony_id not in readers.symphony_names(lake):
        return dash.no_update
    return downloads.csv_download(symphony_readers.holdings(lake, symphony_id), f"holdings_{symphony_id}.csv")
