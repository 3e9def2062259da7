"""The reports endpoint: trade and cash activity of the account as CSV, for a date window."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sandbox.account import SyntheticAccount

TRADE_COLUMNS = ["Date", "Symphony ID", "Symbol", "Side", "Quantity", "Price", "Amount"]
CASH_COLUMNS = ["Date", "Type", "Symphony ID", "Amount", "Description"]


def trade_rows(account: SyntheticAccount, since: dt.date, until: dt.date) -> list[list]:
    """A rebalance every 10th trading day of each symphony: one buy and one sell."""
    rows = []
    for sym in account.symphonies:
        dates, value, _ = account.live_values(sym.index)
        rng = np.random.default_rng([account.seed, 9, sym.index])
        prices = rng.uniform(20, 400, size=len(sym.style.tickers))
        for i in range(0, len(dates), 10):
            if not since <= dates[i] <= until:
                continue
            buy, sell = (
                sym.style.tickers[i // 10 % len(sym.style.tickers)],
                sym.style.tickers[(i // 10 + 1) % len(sym.style.tickers)],
            )
            notional = round(float(value[i]) * 0.1, 2)
            for ticker, side in ((buy, "BUY"), (sell, "SELL")):
                price = round(float(prices[sym.style.tickers.index(ticker)]) * (1 + 0.0005 * (i % 7)), 2)
                rows.append(
                    [
                        dates[i].isoformat(),
                        sym.id,
                        ticker,
                        side,
                        round(notional / price, 6),
                        price,
                        notional if side == "SELL" else -notional,
                    ]
                )
    return sorted(rows)


def cash_rows(account: SyntheticAccount, since: dt.date, until: dt.date) -> list[list]:
    rows = []
    for sym in account.symphonies:
        first_day = account.calendar[sym.live_start_index]
        if since <= first_day <= until:
            rows.append([first_day.isoformat(), "DEPOSIT", sym.id, sym.initial_deposit, "Initial investment"])
        for index, amount in sym.cash_flows:
            day = account.calendar[index]
            if since <= day <= until:
                kind = "DEPOSIT" if amount > 0 else "WITHDRAWAL"
                rows.append([day.isoformat(), kind, sym.id, amount, f"Scheduled {kind.lower()}"])
    return sorted(rows)


def report_csv(account: SyntheticAccount, report_type: str, since: dt.date, until: dt.date) -> str:
    columns, rows = (
        (TRADE_COLUMNS, trade_rows(account, since, until))
        if report_type == "trade-activity"
        else (CASH_COLUMNS, cash_rows(account, since, until))
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def order_requests(account: SyntheticAccount) -> list[dict]:
    """Direct orders placed outside symphonies, newest first (137 of them, deterministic)."""
    rng = np.random.default_rng([account.seed, 10])
    tickers = ("SPY", "QQQ", "TLT", "GLD", "BIL", "NVDA", "AAPL")
    orders = []
    for i in range(137):
        day = account.calendar[-1 - int(rng.integers(0, 700))]
        orders.append(
            {
                "order_request_id": f"ord-{account.seed:04d}-{i:05d}",
                "created_at": f"{day}T15:{int(rng.integers(0, 59)):02d}:00.000Z",
                "symbol": str(rng.choice(tickers)),
                "side": str(rng.choice(["BUY", "SELL"])),
                "quantity": round(float(rng.uniform(1, 50)), 4),
                "notional": None,
                "status": str(rng.choice(["FILLED", "FILLED", "FILLED", "CANCELED"])),
            }
        )
    return sorted(orders, key=lambda o: o["created_at"], reverse=True)
