"""The overview's account cards: value, last day's PnL, the period's PnL, Sharpe (with PSR), CAGR
and drawdown per account (pure: built from the account_kpis reader's rows). Each card says what its
figure measures: cumulative or annualized, the period or all-time, and flags an annualized figure
over under 3 months of returns."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

import settings
from webapp import cards
from webapp.formatting import account_label, flag, probability, show

YEAR = settings.value("METRICS_PERIODS_PER_YEAR")  # the annualization factor the views use


def kpi(label: str, value: object, fmt: str, hint: str = "", sub: str = "", short: bool = False) -> dbc.Col:
    """An account's card: large, a PnL in green or red."""
    signed = fmt.startswith("$") and "PnL" in label
    return cards.card(
        label, value, fmt, definition=hint, of=sub, short=short, large=True, signed=signed, widths=cards.ROW_OF_SIX_WIDE
    )


def rows(kpis: pd.DataFrame) -> list:
    """Per account (an account_kpis row each): its name, then a row of cards, each dated by the
    trading day it is of (always the date: in market hours "today" is the live panel's)."""
    rows = []
    for k in kpis.to_dict("records"):
        as_of = None if pd.isna(k["as_of"]) else k["as_of"].date()
        day = f"{as_of:%Y-%m-%d}" if as_of else ""
        rows.append(html.Div(account_label(k["account_type"], k["account_id"]), className="small fw-semibold mb-1"))
        rows.append(_cards(k, day))
    return rows


def _cards(k: dict, day: str) -> dbc.Row:
    """One account's row of cards, `day` the day they are of."""
    return dbc.Row(
        [
            kpi(
                "Account value",
                k["value"],
                "${:,.0f}",
                "Composer's account value on the period's last trading day: symphonies, cash and direct positions",
                sub=f"on {day}" if day else "",
            ),
            kpi(
                "PnL last day",
                k["last_day_pnl"],
                "${:,.0f}",
                "dollars earned on the period's last trading day, net of deposits",
                sub=f"{show(k['last_day_return'], '{:+.2%}')} · {day}" if day else "",
            ),
            kpi(
                "PnL in period",
                k["pnl_total"],
                "${:,.0f}",
                "dollars earned over the period net of deposits and withdrawals",
                sub=f"{show(k['total_return'], '{:+.1%}')} cumulative, time-weighted",
            ),
            kpi(
                "Sharpe (annualized)",
                k["sharpe"],
                "{:.2f}",
                "whole account over the period, deposit-adjusted daily returns; PSR: the probability that the true "
                "Sharpe ratio is above 0, given the number of returns and their skew and fat tails",
                sub=f"confidence (PSR) {probability(k['psr'], 0)}" if not pd.isna(k["psr"]) else "",
                short=flag(k["short_history"]),
            ),
            kpi(
                "CAGR (annualized)",
                k["cagr"],
                "{:.1%}",
                f"annualized return of the whole account over the period: (1 + cumulative return)^({YEAR} / returns) − 1",
                sub=f"over {show(k['days'], '{:,.0f}')} trading days",
                short=flag(k["short_history"]),
            ),
            kpi(
                "Drawdown now",
                k["current_drawdown_all_time"],
                "{:.1%}",
                "how far the account's deposit-adjusted value on the period's last day is below the highest it has "
                "ever been (all-time peak): what the drawdown alert measures",
                sub="from the all-time peak"
                + (f" · worst in period {k['max_drawdown']:.1%}" if not pd.isna(k["max_drawdown"]) else ""),
            ),
        ],
        className="g-2",
    )
