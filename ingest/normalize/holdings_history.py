"""`symphony-historical-holdings` (each symphony's holdings, day by day) and the nightly
holdings, as rows of `symphony_holdings_history`: symphony × day × ticker.

A day on which a symphony held nothing (Composer's `[]`, the day it was liquidated) is kept as
one row with no ticker, so the views see that it sold everything rather than a missing day."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from ingest import contract
from ingest.errors import ValidationError
from ingest.normalize.fields import date, number
from ingest.normalize.schemas import SCHEMAS

COMPOSER_HISTORY = "composer_history"  # from symphony-historical-holdings
NIGHTLY_SNAPSHOT = "nightly_snapshot"  # from the holdings the nightly symphony-stats-meta listed


def _day_rows(account_id: str, symphony_id: str, day: dt.date, holdings: object, origin: str) -> list[dict]:
    if not isinstance(holdings, list):
        raise ValidationError(f"symphony {symphony_id} on {day}: holdings is not a list")
    base = {"account_id": account_id, "symphony_id": symphony_id, "date": day, "origin": origin}
    if not holdings:
        return [base | {"ticker": None, "quantity": 0.0, "price": None, "value": 0.0, "weight": None}]
    rows = []
    for h in holdings:
        if not isinstance(h, dict) or not isinstance(h.get("ticker"), str) or not h["ticker"]:
            raise ValidationError(f"symphony {symphony_id} on {day}: a holding has no ticker")
        quantity = number(h.get("amount"))
        if quantity is None:
            raise ValidationError(f"symphony {symphony_id} on {day}: holding {h['ticker']} has no amount (shares)")
        rows.append(
            base
            | {
                "ticker": h["ticker"],
                "quantity": quantity,
                "price": number(h.get("price")),
                "value": number(h.get("value")),
                "weight": number(h.get("allocation")),
            }
        )
    return rows


def _add_day(columns: dict[str, list], symphony_id: str, day: dt.date, holdings: object) -> None:
    """A day's holdings appended to the columns (one row with no ticker for a day held empty)."""
    if not isinstance(holdings, list):
        raise ValidationError(f"symphony {symphony_id} on {day}: holdings is not a list")
    for h in holdings or [{}]:
        if holdings and (not isinstance(h, dict) or not isinstance(h.get("ticker"), str) or not h["ticker"]):
            raise ValidationError(f"symphony {symphony_id} on {day}: a holding has no ticker")
        quantity = number(h.get("amount")) if holdings else 0.0
        if quantity is None:
            raise ValidationError(f"symphony {symphony_id} on {day}: holding {h['ticker']} has no amount (shares)")
        columns["symphony_id"].append(symphony_id)
        columns["date"].append(day)
        columns["ticker"].append(h.get("ticker"))
        columns["quantity"].append(quantity)
        columns["price"].append(number(h.get("price")))
        columns["value"].append(number(h.get("value")) if holdings else 0.0)
        columns["weight"].append(number(h.get("allocation")))


def normalize_holdings_history(account_id: str, payload: object) -> pa.Table:
    """One answer of symphony-historical-holdings: `{"by_symphony": {id: {date: [holding]}}}`, as
    a table of symphony_holdings_history (built by columns: a first fetch holds millions of rows).
    Other keys (the account's aggregate) are not read."""
    by_symphony = payload.get("by_symphony") if isinstance(payload, dict) else None
    if not isinstance(by_symphony, dict):
        raise ValidationError(f"symphony-historical-holdings of account {account_id} has no 'by_symphony' object")
    columns: dict[str, list] = {name: [] for name in ("symphony_id", "date", "ticker", "quantity", "price", "value", "weight")}
    for symphony_id, days in by_symphony.items():
        if not contract.SYMPHONY_ID.match(str(symphony_id)):
            raise ValidationError(
                f"symphony-historical-holdings names a symphony id that is not Composer's: {str(symphony_id)[:40]!r}"
            )
        if not isinstance(days, dict):
            raise ValidationError(f"symphony-historical-holdings of symphony {symphony_id} is not a map of days")
        for key, holdings in days.items():
            day = date(key)
            if day is None or len(str(key)) != 10:
                raise ValidationError(f"symphony-historical-holdings of symphony {symphony_id}: {str(key)[:20]!r} is not a date")
            _add_day(columns, symphony_id, day, holdings)
    rows = len(columns["date"])
    arrays = {"account_id": [account_id] * rows, **columns, "origin": [COMPOSER_HISTORY] * rows}
    schema = SCHEMAS["symphony_holdings_history"]
    return pa.Table.from_pydict({name: arrays[name] for name in schema.names}, schema=schema)


def nightly_history_rows(holdings_rows: list[dict], listed_empty: list[tuple[str, str, dt.date]]) -> list[dict]:
    """The run's nightly holdings (rows of the `holdings` table, dated by their `as_of`) as rows
    of the history, and an empty day for each symphony (account, symphony, as_of) listed holding
    nothing."""
    rows = [
        {
            "account_id": h["account_id"],
            "symphony_id": h["symphony_id"],
            "date": h["as_of"],
            "ticker": h["ticker"],
            "quantity": h["quantity"],
            "price": h["price"],
            "value": h["value"],
            "weight": h["allocation"],
            "origin": NIGHTLY_SNAPSHOT,
        }
        for h in holdings_rows
        if h.get("as_of") is not None and h.get("quantity") is not None
    ]
    for account_id, symphony_id, day in listed_empty:
        rows.extend(_day_rows(account_id, symphony_id, day, [], NIGHTLY_SNAPSHOT))
    return rows
