"""The reports endpoint: the account's trade and cash activity as CSV, for a date-time window,
with the columns Composer's real downloads have (see COMPOSER_API.md), plus one column the
client does not read (real reports have more than we use)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING

from sandbox.activity import NEW_YORK, account_orders, cash_events

if TYPE_CHECKING:
    from sandbox.account import SyntheticAccount

TRADE_COLUMNS = [
    "Order ID",
    "Symbol",
    "Side",
    "Status",
    "Filled Quantity",
    "Average Fill Price",
    "Filled Notional",
    "Filled Date/Time (America/New_York)",
    "Submitted Date/Time (America/New_York)",
]
CASH_COLUMNS = ["Type Code", "Subtype Code", "Settled Date (America/New_York)", "Net Amount", "Description", "Currency"]


def _local(moment: dt.datetime | None) -> str:
    return "" if moment is None else moment.astimezone(NEW_YORK).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


def trade_rows(account: SyntheticAccount, account_index: int, since: dt.datetime, until: dt.datetime) -> list[list]:
    """Orders filled (or, for orders never filled, submitted) inside the window."""
    rows = []
    for order in account_orders(account, account_index):
        moment = order.filled or order.submitted
        if not since <= moment <= until:
            continue
        filled = order.status == "filled"
        rows.append(
            [
                order.order_id,
                order.symbol,
                order.side,
                order.status,
                order.quantity if filled else 0,
                order.price if filled else "",
                round(order.quantity * order.price, 2) if filled else 0,
                _local(order.filled),
                _local(order.submitted),
            ]
        )
    return rows


def cash_rows(account: SyntheticAccount, account_index: int, since: dt.datetime, until: dt.datetime) -> list[list]:
    """Cash events whose settlement day (New York) starts inside the window."""
    rows = []
    for event in cash_events(account, account_index):
        start_of_day = dt.datetime.combine(event.settled, dt.time(), tzinfo=NEW_YORK)
        if since <= start_of_day <= until:
            rows.append([event.type_code, event.subtype_code, event.settled.isoformat(), event.amount, event.description, "USD"])
    return rows


def report_csv(account: SyntheticAccount, account_index: int, report_type: str, since: dt.datetime, until: dt.datetime) -> str:
    columns, rows = (
        (TRADE_COLUMNS, trade_rows(account, account_index, since, until))
        if report_type == "trade-activity"
        else (CASH_COLUMNS, cash_rows(account, account_index, since, until))
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()
