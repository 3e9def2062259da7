"""What happens in a sandbox account besides values: fills of symphony rebalances and of direct
orders, the direct order requests themselves, cash events, and the holdings they leave.

Every price is the ticker's close in the one market (`SyntheticAccount.prices`). Times are New
York local, as Composer's reports write them; fills happen in the last minutes before the close.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import numpy as np

from sandbox.positions import share_path

if TYPE_CHECKING:
    from sandbox.account import SyntheticAccount

NEW_YORK = ZoneInfo("America/New_York")
DIRECT_TICKERS = ("SPY", "QQQ", "TLT", "GLD", "BIL", "NVDA", "AAPL")
DIRECT_ORDERS = (137, 12)  # direct order requests per account (taxable, IRA)
OPTION = {
    "ticker": "OPTIONS::SPY261218C00600000//USD",
    "quantity": 2.0,
    "asset_class": "OPTIONS",
    "options_details": {"underlying_asset_symbol": "SPY", "strike_price": 600.0, "expiry": "2026-12-18", "contract_type": "CALL"},
}


@dataclass(frozen=True)
class Order:
    """One order as the trade report lists it (filled or not)."""

    order_id: str
    symbol: str
    side: str  # buy / sell
    status: str  # filled / canceled
    quantity: float
    price: float | None
    submitted: dt.datetime  # New York local time
    filled: dt.datetime | None


@dataclass(frozen=True)
class CashEvent:
    type_code: str
    subtype_code: str
    settled: dt.date
    amount: float
    description: str


def _uuid(*seed: int) -> str:
    return str(uuid.UUID(bytes=np.random.default_rng(list(seed)).bytes(16), version=4))


def _at(day: dt.date, minute: int, second: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 15, minute, second, tzinfo=NEW_YORK)


def symphony_orders(account: SyntheticAccount, index: int) -> list[Order]:
    """The fills of one symphony: on each day its shares changed (positions.py), one fill per
    ticker of exactly that change at the day's close, with now and then an order that was
    canceled instead."""
    sym = account.symphonies[index]
    moments, shares = share_path(account, index)
    rng = np.random.default_rng([account.seed, 9, index])
    orders: list[Order] = []
    held = np.zeros(len(sym.style.tickers))
    for n, day_index in enumerate(moments):
        day = account.calendar[day_index]
        for k, ticker in enumerate(sym.style.tickers):
            change = round(float(shares[n, k] - held[k]), 6)
            if change == 0:
                continue
            price = account.price_on(ticker, day_index)
            at = _at(day, 50 + int(rng.integers(0, 10)), int(rng.integers(0, 60)))
            symbol = account.symbol(sym, ticker)
            side = "buy" if change > 0 else "sell"
            orders.append(Order(_uuid(account.seed, 13, index, n, k), symbol, side, "filled", abs(change), price, at, at))
            if rng.random() < 0.03:
                orders.append(Order(_uuid(account.seed, 14, index, n, k), symbol, side, "canceled", 0.0, None, at, None))
        held = shares[n]
    return orders


@functools.lru_cache(maxsize=8)
def direct_orders(account: SyntheticAccount, account_index: int) -> list[dict]:
    """Direct order requests (placed outside symphonies), as the order-requests endpoint serves
    them, newest first. Sells never exceed what is held."""
    rng = np.random.default_rng([account.seed, 10, account_index])
    count = DIRECT_ORDERS[account_index] if account_index < len(DIRECT_ORDERS) else 5
    day_indexes = sorted(len(account.calendar) - 1 - int(rng.integers(0, 700)) for _ in range(count))
    held: dict[str, float] = {}
    orders = []
    for i, day_index in enumerate(day_indexes):
        ticker = str(rng.choice(DIRECT_TICKERS))
        quantity = round(float(rng.uniform(1, 50)), 4)
        side = "SELL" if held.get(ticker, 0.0) > quantity and rng.random() < 0.4 else "BUY"
        status = "CANCELED" if rng.random() < 0.2 else "FILLED"
        if status == "FILLED":
            held[ticker] = held.get(ticker, 0.0) + (quantity if side == "BUY" else -quantity)
        created = _at(account.calendar[day_index], int(rng.integers(0, 40)), int(rng.integers(0, 60))).astimezone(dt.UTC)
        orders.append(
            {
                "order_request_id": _uuid(account.seed, 15, account_index, i),
                "name": None,
                "position_id": _uuid(account.seed, 16, account_index),
                "status": status,
                "client_order_ids": [_uuid(account.seed, 17, account_index, i)],
                "asset_class": "EQUITIES",
                "side": side,
                "type": "MARKET",
                "symbol": ticker,
                "time_in_force": "DAY",
                "notional": None,
                "quantity": quantity,
                "limit_price": None,
                "stop_price": None,
                "source": "USER_DIRECT_TRADE",
                "created_at": created.isoformat().replace("+00:00", "Z"),
                "updated_at": (created + dt.timedelta(seconds=2)).isoformat().replace("+00:00", "Z"),
                "outcome_reason": None,
            }
        )
    return sorted(orders, key=lambda o: o["created_at"], reverse=True)


def direct_fills(account: SyntheticAccount, account_index: int) -> list[Order]:
    """The trade report's rows for the direct orders (the report's order id is the broker's)."""
    index_of = {day: i for i, day in enumerate(account.calendar)}
    rows = []
    for order in direct_orders(account, account_index):
        at = dt.datetime.fromisoformat(order["created_at"].replace("Z", "+00:00")).astimezone(NEW_YORK)
        filled = order["status"] == "FILLED"
        price = account.price_on(order["symbol"], index_of[at.date()])
        rows.append(
            Order(
                order["client_order_ids"][0],
                order["symbol"],
                order["side"].lower(),
                "filled" if filled else "canceled",
                order["quantity"] if filled else 0.0,
                price if filled else None,
                at,
                at + dt.timedelta(seconds=2) if filled else None,
            )
        )
    return rows


@functools.lru_cache(maxsize=8)
def account_orders(account: SyntheticAccount, account_index: int) -> list[Order]:
    """Every order of the account, oldest first."""
    orders = [o for sym in account.symphonies_of(account_index) for o in symphony_orders(account, sym.index)]
    return sorted(orders + direct_fills(account, account_index), key=lambda o: (o.submitted, o.order_id))


@functools.lru_cache(maxsize=8)
def cash_events(account: SyntheticAccount, account_index: int) -> list[CashEvent]:
    """Deposits and withdrawals (the money that funded each symphony and later flows), quarterly
    dividends of the dividend and hedged strategies, monthly regulatory fees, and quarterly credit
    interest: a type code the client does not map, as real accounts have."""
    events = []
    for sym in account.symphonies_of(account_index):
        events.append(CashEvent("CSD", "", account.calendar[sym.live_start_index], sym.initial_deposit, "ACH deposit"))
        for day_index, amount in sym.cash_flows:
            code, text = ("CSD", "ACH deposit") if amount > 0 else ("CSW", "ACH withdrawal")
            events.append(CashEvent(code, "", account.calendar[day_index], round(amount, 2), text))
        if sym.style.label in ("dividend growth", "hedged equity"):
            _, value, _ = account.live_values(sym.index)
            for day_index in range(sym.live_start_index + 60, sym.live_end_index + 1, 63):
                amount = round(0.004 * float(value[day_index - sym.live_start_index]), 2)
                ticker = sym.style.tickers[0]
                events.append(CashEvent("DIV", "", account.calendar[day_index], amount, f"Cash dividend {ticker}"))
    opened = min((s.live_start_index for s in account.symphonies_of(account_index)), default=len(account.calendar))
    months = sorted({(d.year, d.month) for d in account.calendar[opened:]})
    for n, (year, month) in enumerate(months[:-1]):
        last = max(d for d in account.calendar[opened:] if (d.year, d.month) == (year, month))
        events.append(CashEvent("FEE", "TAF", last, round(-0.17 - 0.01 * (n % 5), 2), "FINRA trading activity fee"))
        events.append(CashEvent("FEE", "CAT", last, -0.02, "Consolidated audit trail fee"))
        if month % 3 == 0:
            events.append(CashEvent("INT", "CR", last, round(0.35 + 0.05 * (n % 4), 2), "Credit interest"))
    return sorted(events, key=lambda e: (e.settled, e.type_code, e.amount))


def holdings(account: SyntheticAccount, account_index: int, position_type: str) -> list[dict]:
    """The account's positions, as the holdings endpoint serves them for a position type."""
    symphony: dict[str, float] = {}
    for sym in account.symphonies_of(account_index):
        for h in account.holdings_of(sym.index):
            symphony[h["ticker"]] = symphony.get(h["ticker"], 0.0) + h["amount"]
    direct: dict[str, float] = {}
    for order in direct_orders(account, account_index):
        if order["status"] == "FILLED":
            sign = 1 if order["side"] == "BUY" else -1
            direct[order["symbol"]] = direct.get(order["symbol"], 0.0) + sign * order["quantity"]
    chosen: dict[str, float] = {}
    if position_type in ("SYMPHONY", "ALL"):
        chosen.update(symphony)
    if position_type in ("DEFAULT_DIRECT", "ALL"):
        for ticker, quantity in direct.items():
            chosen[ticker] = chosen.get(ticker, 0.0) + quantity
    rows = [
        {"ticker": t, "quantity": round(q, 6), "asset_class": "CRYPTO" if t.startswith("CRYPTO::") else "EQUITIES"}
        for t, q in sorted(chosen.items())
        if q > 1e-9
    ]
    if account_index == 0 and position_type in ("DEFAULT_DIRECT", "ALL"):
        rows.append(dict(OPTION))
    return rows
