"""`POST /dry-run`: the trades a rebalance *now* would make, per account and symphony, as
Composer's spec gives the answer. During the session after as_of a symphony whose rebalance day it
is moves from the shares it holds (positions.py) to its next target weights at its value now; the
others would not trade. Outside a session Composer answers 400 `dry-run-markets-closed`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sandbox import calendar, intraday, market
from sandbox.account import ACCOUNT_TYPES
from sandbox.positions import shares_on

if TYPE_CHECKING:
    from sandbox.account import Symphony, SyntheticAccount


def market_open(now: dt.datetime) -> bool:
    session = calendar.session(now.astimezone(calendar.NEW_YORK).date())
    return session.open is not None and session.open <= now < session.close


def _symphony_preview(account: SyntheticAccount, sym: Symphony, now: dt.datetime) -> dict:
    today = len(account.calendar)  # the session after as_of
    last = today - 1
    days, weights = account.allocations(sym.index)
    in_session = intraday.session_fraction(now, account.as_of)  # None: not the session after as_of
    rebalancing = bool(days.size) and int(days[-1]) == today and in_session is not None
    held = shares_on(account, sym.index, last)
    prices = [account.price_on(t, last) for t in sym.style.tickers]
    close_value = float(account.live_values(sym.index)[1][-1])
    change = intraday.move(account.seed, sym.index, sym.style.annual_vol, *in_session) if in_session else 0.0
    value = close_value * (1.0 + change)
    prev_values = [float(h) * p for h, p in zip(held, prices)]
    total = sum(prev_values) or 1.0
    trades = []
    if rebalancing:
        for k, ticker in enumerate(sym.style.tickers):
            quantity = round(float(weights[-1][k]) * value / prices[k] - float(held[k]), 6)
            if quantity == 0:
                continue
            trades.append(
                {
                    "ticker": account.symbol(sym, ticker),
                    "notional": round(quantity * prices[k], 2),
                    "quantity": quantity,
                    "prev_value": round(prev_values[k], 2),
                    "prev_weight": round(prev_values[k] / total, 6),
                    "next_weight": float(weights[-1][k]),
                }
            )
    following = market.next_weekday(market.next_weekday(account.as_of))
    return {
        "rebalanced": rebalancing,
        "next_rebalance_after": f"{following}T19:45:00Z",
        "recommended_trades": trades,
        "queued_cash_change": 0.0,
        "symphony_value": round(value, 2),
        "symphony_name": sym.name,
        "next_rebalance_date": str(following),
    }


def dry_run(account: SyntheticAccount, account_uuids: list[str] | None, now: dt.datetime) -> list[dict]:
    """The answer for the accounts asked for (every account when the list is absent)."""
    wanted = account.account_uuids if account_uuids is None else account_uuids
    answer = []
    for account_uuid in wanted:
        n = account.account_index(account_uuid)
        if n is None:
            continue
        live = [s for s in account.symphonies_of(n) if not s.liquidated]
        answer.append(
            {
                "broker_account_uuid": account_uuid,
                "account_type": ACCOUNT_TYPES[n],
                "account_name": f"{ACCOUNT_TYPES[n].replace('_', ' ').title()} account",
                "broker": "ALPACA_WHITE_LABEL",
                "dry_run_result": {s.id: _symphony_preview(account, s, now) for s in live},
                "dry_run_missing_symphonies": None,
                "dry_run_total_symphonies": len(live),
            }
        )
    return answer
