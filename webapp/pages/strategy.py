"""Strategy: one symphony in depth: live vs backtest vs benchmark, drawdowns, monthly returns,
rolling risk, the return distribution, holdings, trades and edits, and Composer's figures, over
the report period. The log scale of the equity chart is in the URL too (`?log=1`)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import ClientsideFunction, Input, Output, State, callback, dcc, html

from webapp import downloads, ids, notices, range_bar, strategy_figures
from webapp import strategy_sections as sections
from webapp.formatting import account_label, clipped
from webapp.report_scope import Scope
from webapp.store import LakeUnavailable, readers, store
from webapp.store.cache import cached_output

dash.register_page(
    __name__, path_template="/strategy/<symphony_id>", name="Strategy", title="Strategy · Algo Trading Analytics", order=1
)


def _first(frame) -> dict:
    return {} if frame.empty else {k: (None if v != v else v) for k, v in frame.iloc[0].to_dict().items()}


def layout(symphony_id: str | None = None, **query: str) -> html.Div:
    try:
        period = range_bar.period_query(query)
        scope = range_bar.scope_of(period)
        log_scale = str(query.get("log", "")).lower() in {"1", "true"}
        return _page(symphony_id, range_bar.period_key(period), scope, log_scale)
    except LakeUnavailable as exc:
        return dbc.Alert(str(exc), color="warning")


@cached_output
def _page(symphony_id: str | None, period_key: tuple, scope: Scope, log_scale: bool) -> html.Div:
    """The whole page for one symphony and period (built once per snapshot, then cached)."""
    period = dict(period_key)
    leaderboard = readers.leaderboard(scope)  # the overview's rows for this period, usually cached already
    m = _first(_row_of(leaderboard, symphony_id))
    refusal = _refusal(symphony_id, period, scope, m)
    if refusal is not None:
        return refusal
    name = readers.symphony_names()[symphony_id]
    return html.Div(
        [
            dcc.Store(id=ids.STRATEGY_ID, data=symphony_id),
            dcc.Store(id=ids.PERIOD, data=period),
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
                _first(readers.since_edit(symphony_id, scope)),
                _first(readers.live_vs_backtest(symphony_id, scope)),
                _first(_row_of(readers.money_weighted(scope), symphony_id))
                | _first(_row_of(readers.net_deposits(scope), symphony_id)),
                _first(readers.backtest_drift(symphony_id, scope)),
                store().config.metrics.periods_per_year,
            ),
            dcc.Location(id=ids.STRATEGY_URL, refresh=False),
            notices.set_aside_notice(readers.set_aside(symphony_id)),  # above the chart the backtest is drawn on
            dbc.Switch(id=ids.STRATEGY_LOG, label="Log scale", value=log_scale, className="mt-3"),
            dcc.Graph(id=ids.STRATEGY_EQUITY),
            *_charts(symphony_id, scope),
            sections.tables(
                readers.drawdown_episodes(symphony_id, scope),
                readers.yearly(symphony_id, scope),
                store().config.metrics.benchmark_ticker,
                m,
                _period_end(scope),
            ),
            *sections.holdings_section(readers.holdings(symphony_id), m),
        ]
    )


def _period_end(scope: Scope) -> str:
    """The period's last day when it ends before the snapshot's last trading day, else ''."""
    last = readers.data_span()[1]
    return f"{scope.end:%Y-%m-%d}" if scope.end and last and scope.end < last else ""


def _row_of(frame, symphony_id: str):
    return frame[frame["symphony_id"] == symphony_id]


def _refusal(symphony_id: str | None, period: dict, scope: Scope, m: dict) -> dbc.Alert | None:
    """Why the page cannot show this symphony over this scope, or None when it can."""
    names = readers.symphony_names()
    overview = range_bar.with_period("/", period)
    if symphony_id not in names:
        return dbc.Alert(
            ["There is no symphony with that id in this account's data. ", dcc.Link("Back to the overview", href=overview)],
            color="info",
            id=ids.STRATEGY_UNKNOWN,
        )
    home = readers.symphony_accounts()[symphony_id]
    if scope.account_id not in (None, home):
        everywhere = range_bar.with_period(f"/strategy/{symphony_id}", {**period, "account": range_bar.ALL_ACCOUNTS})
        return dbc.Alert(
            [
                f"{names[symphony_id]} trades in another account "
                f"({account_label(readers.accounts().get(home), home)}), not in the one picked above. ",
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


def _charts(symphony_id: str, scope: Scope) -> list:
    edits = list(readers.edits(symphony_id, scope)["created_at"])
    worst = readers.worst_drawdowns(symphony_id, scope)
    figures = {
        "strategy-underwater": strategy_figures.underwater_figure(readers.underwater(symphony_id, scope), worst, edits),
        "strategy-monthly": strategy_figures.monthly_heatmap(readers.monthly(symphony_id, scope)),
        "strategy-rolling": strategy_figures.rolling_figure(readers.rolling(symphony_id, scope), edits),
        "strategy-distribution": strategy_figures.distribution_figure(readers.daily_returns(symphony_id, scope)),
    }
    graphs = [dbc.Col(dcc.Graph(id=graph_id, figure=figure), lg=6) for graph_id, figure in figures.items()]
    return [dbc.Row(graphs[:2]), dbc.Row(graphs[2:])]


dash.clientside_callback(
    ClientsideFunction(namespace="urlState", function_name="logScale"),
    Output(ids.STRATEGY_URL, "search"),
    Output(ids.STRATEGY_LOG, "value"),
    Input(ids.STRATEGY_LOG, "value"),
    Input(ids.STRATEGY_URL, "search"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.STRATEGY_EQUITY, "figure"),
    Input(ids.STRATEGY_LOG, "value"),
    State(ids.STRATEGY_ID, "data"),
    State(ids.PERIOD, "data"),
)
def show_equity(log_scale: bool, symphony_id: str, period: dict | None):
    if symphony_id not in readers.symphony_names():
        return strategy_figures.empty_figure("Unknown symphony.")
    scope = range_bar.scope_of(period)
    alerts_at = store().alert_board().evaluated_at  # the alert state is saved after the snapshot
    return _equity(symphony_id, scope, bool(log_scale), alerts_at)


@cached_output
def _equity(symphony_id: str, scope: Scope, log_scale: bool, alerts_at: str | None):
    equity = readers.equity(symphony_id, scope)
    edits = list(readers.edits(symphony_id, scope)["created_at"])
    rebalances = readers.rebalances(symphony_id, scope)
    first, last = (equity["date"].min(), equity["date"].max()) if not equity.empty else (None, None)
    starts = [
        (day, h["rule"])
        for h in store().alert_board().starts
        if h.get("subject_kind") == "symphony" and h.get("subject_id") == symphony_id
        for day in [pd.Timestamp(str(h.get("since") or h.get("as_of") or h["at"])[:10])]  # the day its condition began
        if first is not None and first <= day <= last
    ]
    cone = _first(readers.backtest_cone(symphony_id, scope))
    return strategy_figures.equity_figure(equity, edits, rebalances, bool(log_scale), starts, cone)


@callback(
    Output(ids.STRATEGY_HOLDINGS_DOWNLOAD, "data"),
    Input(ids.STRATEGY_HOLDINGS_CSV, "n_clicks"),
    State(ids.STRATEGY_ID, "data"),
    prevent_initial_call=True,
)
def export_holdings(_: int, symphony_id: str) -> dict:
    """The holdings as the view has them (downloads.py's dialect)."""
    if symphony_id not in readers.symphony_names():
        return dash.no_update
    return downloads.csv_download(readers.holdings(symphony_id), f"holdings_{symphony_id}.csv")
