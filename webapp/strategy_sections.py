"""The strategy page's sections, built from what the page read (pure: no queries here)."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from webapp import strategy_tables
from webapp.formatting import show


def stat(label: str, ours: object, composer: object = None, fmt: str = "{:.2f}", hint: str = "") -> dbc.Col:
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


def status_line(m: dict) -> str:
    """Live since its first day, new, or liquidated with the day and the value it was sold at."""
    since = f"{m['inception_date']:%Y-%m-%d}" if m.get("inception_date") else "?"
    if m.get("status") == "liquidated":
        return f"liquidated on {m['liquidated_on']:%Y-%m-%d} at {show(m.get('value'), '${:,.0f}')} (live since {since})"
    return f"{'new, ' if m.get('status') == 'new' else ''}live since {since}"


def holdings_heading(holdings, m: dict) -> list:
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


def short_history_warning(m: dict) -> dbc.Alert | None:
    if not m.get("short_history"):
        return None
    return dbc.Alert(
        f"Only {m.get('days')} trading days in this period: too short for these metrics to mean much.",
        color="warning",
        className="py-2",
    )


def headline(m: dict, since: dict, vs: dict, flows: dict, drift: dict, year: int) -> list:
    """The period's figures (m: its symphony_metrics row), what changed since the last edit, and
    whether it looks like skill; `year` is the annualization factor the views use."""
    pct = "{:.1%}"
    edited = since.get("edited_on") is not None and since.get("days") != m.get("days")
    stats = [
        stat("Total return", m.get("total_return"), fmt=pct),
        stat("CAGR", m.get("cagr"), m.get("composer_annualized_return"), pct, "annualized over the number of returns"),
        stat("Sharpe", m.get("sharpe"), m.get("composer_sharpe"), hint=f"mean excess return / its standard deviation × √{year}"),
        stat("Max drawdown", m.get("max_drawdown"), m.get("composer_max_drawdown"), pct),
        stat("Sortino", m.get("sortino")),
        stat("Win rate", m.get("win_rate"), fmt=pct, hint="up days / days that moved (Composer divides by all days)"),
        stat("Volatility", m.get("volatility"), fmt=pct),
        stat("Beta", m.get("beta")),
        stat("PnL", m.get("pnl"), fmt="${:,.0f}"),
        stat(
            "Money-weighted return",
            flows.get("money_weighted_return"),
            fmt=pct,
            hint="annual rate of the period's cash flows: the value at the start paid in, deposits and withdrawals, the end value",
        ),
        stat("Net deposits in period", flows.get("net_deposits"), fmt="${:,.0f}", hint="deposits less withdrawals"),
        stat("Return gap vs backtest", vs.get("return_gap"), fmt=pct, hint="live minus backtest over the same days"),
        stat("Tracking error", vs.get("tracking_error"), fmt=pct),
        stat(
            "Backtest Sharpe (Composer"
            + (f", since {vs['backtest_first_day']:%Y-%m-%d})" if vs.get("backtest_first_day") else ")"),
            vs.get("backtest_sharpe"),
            hint="Composer's backtest statistic over the whole backtest, whatever the period",
        ),
    ]
    since_edit = (
        html.Div(
            f"Since the last edit on {since.get('edited_on'):%Y-%m-%d}: Sharpe {since.get('sharpe') or 0:.2f}, "
            f"CAGR {since.get('cagr') or 0:.1%}, max drawdown {since.get('max_drawdown') or 0:.1%} over {since.get('days')} days "
            "(out of sample; the whole period is above).",
            className="small my-2",
            id="strategy-since-edit",
        )
        if edited
        else None
    )
    return [dbc.Row(stats, className="g-2"), since_edit, strategy_tables.skill_or_luck(m, drift)]


def tables(drawdown_episodes: pd.DataFrame, yearly: pd.DataFrame, benchmark: str) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                [
                    html.H5("Worst drawdowns in the period", className="mt-3"),
                    strategy_tables.drawdown_table(drawdown_episodes),
                ],
                lg=7,
            ),
            dbc.Col(
                [
                    html.H5(f"Yearly returns against {benchmark}", className="mt-3"),
                    strategy_tables.yearly_table(yearly, benchmark),
                ],
                lg=5,
            ),
        ]
    )


def holdings_section(holdings: pd.DataFrame, m: dict, symphony_id: str) -> list:
    return [
        *holdings_heading(holdings, m),
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
