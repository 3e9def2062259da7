"""Strategy: one symphony in depth: live vs backtest vs benchmark, drawdowns, monthly returns,
rolling risk, the return distribution, holdings, trades and edits, and Composer's figures, over
the report period. The log scale of the equity chart is in the URL too (`?log=1`)."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import ClientsideFunction, Input, Output, State, callback, dcc, html

from webapp import range_bar, strategy_figures, strategy_tables
from webapp.formatting import account_label, clipped, show
from webapp.report_scope import Scope
from webapp.store import LakeUnavailable, readers, store
from webapp.store.cache import cached

dash.register_page(
    __name__, path_template="/strategy/<symphony_id>", name="Strategy", title="Strategy · Algo Trading Analytics", order=1
)


def _stat(label: str, ours: object, composer: object = None, fmt: str = "{:.2f}", hint: str = "") -> dbc.Col:
    body = [
        html.Div(label, className="small text-body-secondary", title=hint),
        html.Div(show(ours, fmt), className="fs-5 fw-semibold"),
    ]
    if composer is not None or label in ("Sharpe", "Max drawdown"):
        body.append(
            html.Div(
                f"Composer, all-time: {show(composer, fmt)}",
                className="small text-body-secondary",
                title="Composer's own figure, over the symphony's whole history whatever the period",
            )
        )
    return dbc.Col(dbc.Card(dbc.CardBody(body), className="h-100"), xs=6, md=3, lg=2, className="mb-2")


def _status(m: dict) -> str:
    """Live since its first day, new, or liquidated with the day and the value it was sold at."""
    since = f"{m['inception_date']:%Y-%m-%d}" if m.get("inception_date") else "?"
    if m.get("status") == "liquidated":
        return f"liquidated on {m['liquidated_on']:%Y-%m-%d} at {show(m.get('value'), '${:,.0f}')} (live since {since})"
    return f"{'new, ' if m.get('status') == 'new' else ''}live since {since}"


def _holdings_heading(holdings, m: dict) -> list:
    """What the holdings grid shows: today's holdings, or for a liquidated symphony the last ones
    a sync saw, each dated by Composer's report."""
    liquidated = m.get("status") == "liquidated"
    title = "Holdings at liquidation" if liquidated else "Current holdings"
    if holdings.empty:
        note = (
            "Composer reports no holdings once a symphony is liquidated, and no earlier sync saw any."
            if liquidated
            else "Composer reports no holdings for this symphony today (all cash)."
        )
    else:
        reported = f"{holdings['as_of'].max():%Y-%m-%d}"
        note = (
            f"As Composer last reported them, on {reported}, before the symphony was sold."
            if liquidated
            else f"As Composer reported them on {reported} (today, whatever the period above)."
        )
    return [
        html.H5(title, className="mt-3 mb-1"),
        html.P(note, className="small text-body-secondary mb-2", id="strategy-holdings-note"),
    ]


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


@cached
def _page(symphony_id: str | None, period_key: tuple, scope: Scope, log_scale: bool) -> html.Div:
    """The whole page for one symphony and period (built once per snapshot, then cached)."""
    period = dict(period_key)
    names = readers.symphony_names()
    overview = range_bar.with_period("/", period)
    if symphony_id not in names:
        return dbc.Alert(
            ["There is no symphony with that id in this account's data. ", dcc.Link("Back to the overview", href=overview)],
            color="info",
            id="strategy-unknown",
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
            id="strategy-other-account",
        )
    leaderboard = readers.leaderboard(scope)  # the overview's rows for this period, usually cached already
    m = _first(leaderboard[leaderboard["symphony_id"] == symphony_id])
    if not m.get("days"):
        return dbc.Alert(
            [
                f"{names[symphony_id]} has no trading day in this period. Pick a longer range above, or ",
                dcc.Link("go back to the overview", href=overview),
                ".",
            ],
            color="info",
            id="strategy-no-data",
        )
    since = _first(readers.since_edit(symphony_id, scope))
    vs = _first(readers.live_vs_backtest(symphony_id, scope))
    edits = list(readers.edits(symphony_id, scope)["created_at"])
    worst = readers.worst_drawdowns(symphony_id, scope)
    holdings = readers.holdings(symphony_id)
    flows = _first(readers.symphony_flows(symphony_id, scope))
    drift = _first(readers.backtest_drift(symphony_id, scope))
    benchmark = store().config.metrics.benchmark_ticker
    pct = "{:.1%}"
    warning = (
        dbc.Alert(
            f"Only {m.get('days')} trading days in this period: too short for these metrics to mean much.",
            color="warning",
            className="py-2",
        )
        if m.get("short_history")
        else None
    )
    edited = since.get("edited_on") is not None and since.get("days") != m.get("days")
    return html.Div(
        [
            dcc.Store(id="strategy-id", data=symphony_id),
            dcc.Store(id="period", data=period),
            html.H4(clipped(names[symphony_id]), title=names[symphony_id], className="mb-1 text-break"),
            html.Div(
                f"{m.get('start_date'):%Y-%m-%d} – {m.get('end_date'):%Y-%m-%d} · {m.get('days')} trading days · " + _status(m),
                className="text-body-secondary small mb-2",
                id="strategy-status",
            ),
            warning,
            dbc.Row(
                [
                    _stat("Total return", m.get("total_return"), fmt=pct),
                    _stat(
                        "CAGR", m.get("cagr"), m.get("composer_annualized_return"), pct, "annualized over the number of returns"
                    ),
                    _stat(
                        "Sharpe",
                        m.get("sharpe"),
                        m.get("composer_sharpe"),
                        hint="mean excess return / its standard deviation × √252",
                    ),
                    _stat("Max drawdown", m.get("max_drawdown"), m.get("composer_max_drawdown"), pct),
                    _stat("Sortino", m.get("sortino")),
                    _stat(
                        "Win rate", m.get("win_rate"), fmt=pct, hint="up days / days that moved (Composer divides by all days)"
                    ),
                    _stat("Volatility", m.get("volatility"), fmt=pct),
                    _stat("Beta", m.get("beta")),
                    _stat("PnL", m.get("pnl"), fmt="${:,.0f}"),
                    _stat(
                        "Money-weighted return",
                        flows.get("money_weighted_return"),
                        fmt=pct,
                        hint="annual rate of the period's cash flows: the value at the start paid in, deposits and withdrawals, the end value",
                    ),
                    _stat("Net deposits in period", flows.get("net_deposits"), fmt="${:,.0f}", hint="deposits less withdrawals"),
                    _stat("Return gap vs backtest", vs.get("return_gap"), fmt=pct, hint="live minus backtest over the same days"),
                    _stat("Tracking error", vs.get("tracking_error"), fmt=pct),
                    _stat(
                        "Backtest Sharpe (Composer"
                        + (f", since {vs['backtest_first_day']:%Y-%m-%d})" if vs.get("backtest_first_day") else ")"),
                        vs.get("backtest_sharpe"),
                        hint="Composer's backtest statistic over the whole backtest, whatever the period",
                    ),
                ],
                className="g-2",
            ),
            html.Div(
                f"Since the last edit on {since.get('edited_on'):%Y-%m-%d}: Sharpe {since.get('sharpe') or 0:.2f}, "
                f"CAGR {since.get('cagr') or 0:.1%}, max drawdown {since.get('max_drawdown') or 0:.1%} over {since.get('days')} days "
                "(out of sample; the whole period is above).",
                className="small my-2",
                id="strategy-since-edit",
            )
            if edited
            else None,
            strategy_tables.skill_or_luck(m, drift),
            dcc.Location(id="strategy-url", refresh=False),
            dbc.Switch(id="strategy-log", label="Log scale", value=log_scale, className="mt-3"),
            dcc.Graph(id="strategy-equity"),
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Graph(
                            figure=strategy_figures.underwater_figure(readers.underwater(symphony_id, scope), worst, edits)
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        dcc.Graph(figure=strategy_figures.monthly_heatmap(readers.monthly(symphony_id, scope))),
                        lg=6,
                    ),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Graph(figure=strategy_figures.rolling_figure(readers.rolling(symphony_id, scope), edits)),
                        lg=6,
                    ),
                    dbc.Col(
                        dcc.Graph(figure=strategy_figures.distribution_figure(readers.daily_returns(symphony_id, scope))),
                        lg=6,
                    ),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.H5("Worst drawdowns in the period", className="mt-3"),
                            strategy_tables.drawdown_table(readers.drawdown_episodes(symphony_id, scope)),
                        ],
                        lg=7,
                    ),
                    dbc.Col(
                        [
                            html.H5(f"Yearly returns against {benchmark}", className="mt-3"),
                            strategy_tables.yearly_table(readers.yearly(symphony_id, scope), benchmark),
                        ],
                        lg=5,
                    ),
                ]
            ),
            *_holdings_heading(holdings, m),
            dbc.Button("Download CSV", id="strategy-holdings-csv", size="sm", color="secondary", outline=True, className="mb-2"),
            dag.AgGrid(
                id="strategy-holdings",
                rowData=holdings.drop(columns="as_of").to_dict("records"),
                columnDefs=[
                    {"field": "ticker"},
                    {"field": "allocation", "valueFormatter": {"function": "d3.format('.1%')(params.value)"}},
                    {"field": "quantity"},
                    {"field": "price", "valueFormatter": {"function": "d3.format('$,.2f')(params.value)"}},
                    {"field": "value", "valueFormatter": {"function": "d3.format('$,.0f')(params.value)"}},
                ],
                csvExportParams={"fileName": f"holdings_{symphony_id}.csv"},
                columnSize="sizeToFit",
                style={"height": "260px"},
                className="ag-theme-alpine",
            ),
        ]
    )


dash.clientside_callback(
    ClientsideFunction(namespace="urlState", function_name="logScale"),
    Output("strategy-url", "search"),
    Output("strategy-log", "value"),
    Input("strategy-log", "value"),
    Input("strategy-url", "search"),
    prevent_initial_call=True,
)


@callback(
    Output("strategy-equity", "figure"),
    Input("strategy-log", "value"),
    State("strategy-id", "data"),
    State("period", "data"),
)
def show_equity(log_scale: bool, symphony_id: str, period: dict | None):
    if symphony_id not in readers.symphony_names():
        return strategy_figures.empty_figure("Unknown symphony.")
    scope = range_bar.scope_of(period)
    alerts_at = store().alert_board().evaluated_at  # the alert state is saved after the snapshot
    return _equity(symphony_id, scope, bool(log_scale), alerts_at)


@cached
def _equity(symphony_id: str, scope: Scope, log_scale: bool, alerts_at: str | None):
    equity = readers.equity(symphony_id, scope)
    edits = list(readers.edits(symphony_id, scope)["created_at"])
    rebalances = readers.rebalances(symphony_id, scope)
    first, last = (equity["date"].min(), equity["date"].max()) if not equity.empty else (None, None)
    starts = [
        (day, h["rule"])
        for h in store().alert_board().starts
        if h.get("subject_kind") == "symphony" and h.get("subject_id") == symphony_id
        for day in [pd.Timestamp(str(h.get("as_of") or h["at"])[:10])]  # the trading day it was raised on
        if first is not None and first <= day <= last
    ]
    cone = _first(readers.backtest_cone(symphony_id, scope))
    return strategy_figures.equity_figure(equity, edits, rebalances, bool(log_scale), starts, cone)


@callback(Output("strategy-holdings", "exportDataAsCsv"), Input("strategy-holdings-csv", "n_clicks"), prevent_initial_call=True)
def export_holdings(_: int) -> bool:
    return True
