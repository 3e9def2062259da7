"""The strategy page's sections, built from what the page read (pure: no queries here)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from webapp import cards, ids, strategy_tables
from webapp.formatting import cell_classes, flag, show


def stat(
    label: str, ours: object, composer: object = None, fmt: str = "{:.2f}", hint: str = "", sub: str = "", short: bool = False
) -> dbc.Col:
    """A figure of the strategy page, with Composer's own all-time figure beside it when it has one."""
    theirs = None
    if composer is not None or label.startswith(("Sharpe", "Max drawdown")):
        theirs = html.Div(
            f"Composer, all-time: {show(composer, fmt)}",
            className="small text-body-secondary",
            title="Composer's own figure, over the symphony's whole history whatever the period",
        )
    return cards.card(label, ours, fmt, definition=hint, of=sub, extra=theirs, short=short)


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
        html.P(note, className="small text-body-secondary mb-2", id=ids.STRATEGY_HOLDINGS_NOTE),
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
    whether it looks like skill; `year` is the annualization factor the views use. Every return
    says whether it is cumulative or annualized, and every annualized figure over under 3 months of
    returns is flagged."""
    return [dbc.Row(_stats(m, vs, flows, year), className="g-2"), _since_edit(m, since), strategy_tables.skill_or_luck(m, drift)]


def _stats(m: dict, vs: dict, flows: dict, year: int) -> list[dbc.Col]:
    """The period's figure cards."""
    pct = "{:.1%}"
    short = flag(m.get("short_history"))
    return [
        stat("Total return (cumulative)", m.get("total_return"), fmt=pct, hint="compounded over the period, not annualized"),
        stat(
            "CAGR (annualized)",
            m.get("cagr"),
            m.get("composer_annualized_return"),
            pct,
            "annualized over the number of returns",
            short=short,
        ),
        stat(
            "Sharpe (annualized)",
            m.get("sharpe"),
            m.get("composer_sharpe"),
            hint=f"mean excess return / its standard deviation × √{year}",
            short=short,
        ),
        stat(
            "Max drawdown", m.get("max_drawdown"), m.get("composer_max_drawdown"), pct, "worst fall from a peak within the period"
        ),
        stat("Sortino (annualized)", m.get("sortino"), short=short),
        stat("Win rate", m.get("win_rate"), fmt=pct, hint="up days / days that moved (Composer divides by all days)"),
        stat("Volatility (annualized)", m.get("volatility"), fmt=pct, short=short),
        stat("Beta", m.get("beta")),
        stat("PnL", m.get("pnl"), fmt="${:,.0f}", hint="dollars earned over the period, net of deposits and withdrawals"),
        stat(
            "Money-weighted return (annualized)",
            flows.get("money_weighted_return"),
            fmt=pct,
            hint="annual rate of the period's cash flows (XIRR): the value at the start paid in, deposits and withdrawals, "
            "the end value",
            sub=f"{show(flows.get('money_weighted_period_return'), '{:+.1%}')} over the period (cumulative)",
            short=short,
        ),
        stat("Net deposits in period", flows.get("net_deposits"), fmt="${:,.0f}", hint="deposits less withdrawals"),
        stat(
            "Live vs backtest growth",
            vs.get("growth_gap"),
            fmt="{:+.1%}",
            hint="(1 + live return) / (1 + backtest return) − 1 over the same days of the period: how far live's growth "
            "ended behind (−) or ahead of (+) the backtest's, a fraction of it (the unit the behind-backtest alert uses)",
            sub=_growth_sub(vs),
        ),
        stat("Tracking error (annualized)", vs.get("tracking_error"), fmt=pct),
        stat(
            "Backtest Sharpe (Composer"
            + (f", since {vs['backtest_first_day']:%Y-%m-%d})" if vs.get("backtest_first_day") else ")"),
            vs.get("backtest_sharpe"),
            hint="Composer's backtest statistic over the whole backtest, whatever the period",
        ),
    ]


def _since_edit(m: dict, since: dict) -> html.Div | None:
    """The figures since the last edit (out of sample), when it was edited inside the period."""
    pct = "{:.1%}"
    if since.get("edited_on") is None or since.get("days") == m.get("days"):
        return None
    return html.Div(
        f"Since the last edit on {since.get('edited_on'):%Y-%m-%d}: Sharpe (annualized) {show(since.get('sharpe'), '{:.2f}')}, "
        f"CAGR (annualized) {show(since.get('cagr'), pct)}, max drawdown {show(since.get('max_drawdown'), pct)} over "
        f"{since.get('days')} days (out of sample; the whole period is above).",
        className="small my-2",
        id=ids.STRATEGY_SINCE_EDIT,
    )


def _growth_sub(vs: dict) -> str:
    """'×1.22 live, ×1.33 backtest, 798 days' under the live vs backtest card."""
    if vs.get("live_return") is None or vs.get("backtest_return") is None:
        return "no common days with the backtest"
    return f"×{1 + vs['live_return']:.2f} live, ×{1 + vs['backtest_return']:.2f} backtest, {vs.get('common_days')} days"


def tables(drawdown_episodes: pd.DataFrame, yearly: pd.DataFrame, benchmark: str, m: dict, period_end: str) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                [
                    html.H5("Worst drawdowns in the period", className="mt-3"),
                    strategy_tables.drawdown_table(drawdown_episodes, m, period_end),
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


HOLDINGS_COLUMNS = (  # field, header, format, shown on a phone
    ("ticker", "Ticker", "{}", True),
    ("allocation", "Allocation", "{:.1%}", True),
    ("quantity", "Quantity", "{:,.4f}", False),
    ("price", "Price", "${:,.2f}", False),
    ("value", "Value", "${:,.0f}", True),
)


def holdings_section(holdings: pd.DataFrame, m: dict) -> list:
    """The holdings table (on a phone: ticker, allocation and value) and its CSV download."""
    header = html.Thead(
        html.Tr([html.Th(h, className=cell_classes(shown, field != "ticker")) for field, h, _, shown in HOLDINGS_COLUMNS])
    )
    rows = [
        html.Tr(
            [
                html.Td(
                    show(getattr(r, field), fmt),
                    className=cell_classes(shown, field != "ticker") + (" text-break" if field == "ticker" else ""),
                )
                for field, _, fmt, shown in HOLDINGS_COLUMNS
            ]
        )
        for r in holdings.itertuples()
    ]
    return [
        *holdings_heading(holdings, m),
        dbc.Button("Download CSV", id=ids.STRATEGY_HOLDINGS_CSV, size="sm", color="secondary", outline=True, className="mb-2"),
        dcc.Download(id=ids.STRATEGY_HOLDINGS_DOWNLOAD),
        dbc.Table([header, html.Tbody(rows)], size="sm", hover=True, id=ids.STRATEGY_HOLDINGS) if rows else None,
    ]
