"""What each sandbox symphony holds, day by day, in shares: the one source of its holdings (the
nightly `symphony-stats-meta`, `symphony-historical-holdings`) and of its fills in the trade
report (activity.py), so the report's fills are exactly the holdings' changes.

A symphony buys its target weights of its value on its first live day and on each rebalance day
(rounded to 6 decimals of a share, as its fills are), holds those shares until the next, and
sells everything on the day it is liquidated. Between rebalances its weights drift with prices.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sandbox.account import SyntheticAccount


@functools.lru_cache(maxsize=4096)
def share_path(account: SyntheticAccount, index: int) -> tuple[tuple[int, ...], np.ndarray]:
    """(the calendar indexes on which the symphony traded, the shares of each of its tickers held
    from each on: one row per trading day in that tuple)."""
    sym = account.symphonies[index]
    lo, hi = sym.live_start_index, sym.live_end_index
    days, _ = account.allocations(index)
    _, value, _ = account.live_values(index)
    last = hi - 1 if sym.liquidated else hi
    moments = (lo, *(int(d) for d in days if lo < d <= last)) + ((hi,) if sym.liquidated else ())
    shares = np.zeros((len(moments), len(sym.style.tickers)))
    for n, day_index in enumerate(moments):
        if sym.liquidated and day_index == hi:
            continue
        total = float(value[day_index - lo])
        for k, (ticker, weight) in enumerate(zip(sym.style.tickers, account.weights_on(index, day_index))):
            if weight > 0:
                shares[n, k] = round(float(weight) * total / account.price_on(ticker, day_index), 6)
    return moments, shares


def shares_on(account: SyntheticAccount, index: int, day_index: int) -> np.ndarray:
    """The shares of each ticker held at the close of a day of the symphony's live period."""
    moments, shares = share_path(account, index)
    return shares[int(np.searchsorted(moments, day_index, side="right")) - 1]


def holdings_on(account: SyntheticAccount, index: int, day_index: int) -> list[dict]:
    """The symphony's holdings at a day's close, as Composer lists them (ticker, allocation of the
    holdings' value, price, amount in shares, value, the price's change that day)."""
    sym = account.symphonies[index]
    held = [
        (ticker, float(amount), account.price_on(ticker, day_index))
        for ticker, amount in zip(sym.style.tickers, shares_on(account, index, day_index))
        if amount > 0
    ]
    total = sum(amount * price for _, amount, price in held)
    holdings = []
    for ticker, amount, price in held:
        prices = account.prices(ticker)
        change = float(prices[day_index] / prices[day_index - 1] - 1) if day_index else 0.0
        holdings.append(
            {
                "ticker": account.symbol(sym, ticker),
                "allocation": round(amount * price / total, 9),
                "price": price,
                "amount": amount,
                "value": round(amount * price, 7),
                "last_percent_change": round(change, 9),
            }
        )
    return holdings


def historical_holdings(account: SyntheticAccount, account_index: int, start: dt.date, end: dt.date, aggregate: bool) -> dict:
    """`symphony-historical-holdings` of an account for the trading days from start to end: each
    symphony's holdings on each day of its live period in the window (`[]` the day it was
    liquidated), and with `aggregate` the account's total per day across its symphonies."""
    days = [(i, day) for i, day in enumerate(account.calendar) if start <= day <= end]
    by_symphony: dict[str, dict[str, list[dict]]] = {}
    totals: dict[str, dict[str, dict]] = {}
    for sym in account.symphonies_of(account_index):
        lived = {
            str(day): holdings_on(account, sym.index, i) for i, day in days if sym.live_start_index <= i <= sym.live_end_index
        }
        if lived:
            by_symphony[sym.id] = lived
        for day, holdings in lived.items():
            for h in holdings:
                total = totals.setdefault(day, {}).setdefault(h["ticker"], {"ticker": h["ticker"], "amount": 0.0, "value": 0.0})
                total["amount"] = round(total["amount"] + h["amount"], 6)
                total["value"] = round(total["value"] + h["value"], 7)
    aggregated = {day: _with_allocations(list(t.values())) for day, t in totals.items()} if aggregate else None
    return {"by_symphony": by_symphony, "total_symphony_holdings": aggregated}


def _with_allocations(holdings: list[dict]) -> list[dict]:
    """The account's total holdings of a day, each ticker's price and share of their value."""
    total = sum(h["value"] for h in holdings) or 1.0
    return [
        {**h, "price": round(h["value"] / h["amount"], 2) if h["amount"] else 0.0, "allocation": round(h["value"] / total, 9)}
        for h in holdings
    ]
