"""The trade and cash activity report CSVs, and merging a report window into what is kept."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pyarrow as pa
import pyarrow.compute as pc

from ingest import contract
from ingest.contract import NEW_YORK
from ingest.errors import ValidationError
from ingest.normalize.fields import date, number
from ingest.normalize.schemas import SCHEMAS, to_table

CASH_KINDS = {"CSD": "DEPOSIT", "CSW": "WITHDRAWAL", "DIV": "DIVIDEND", "FEE": "FEE"}


def _report_rows(account_id: str, report_type: str, text: str) -> list[dict[str, str]]:
    """A report CSV's rows by column name; a documented column missing is a ValidationError
    naming it (the window is quarantined and fetched again by the next run)."""
    if not isinstance(text, str):
        raise ValidationError(f"account {account_id}: the {report_type} report is not CSV text")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = contract.missing_report_columns(report_type, header)
    if missing:
        raise ValidationError(
            f"account {account_id}: the {report_type} report has no column {', '.join(repr(m) for m in missing)}"
        )
    return [{(k or "").strip(): (v or "").strip() for k, v in record.items()} for record in reader]


def new_york_time(value: str) -> dt.datetime | None:
    """'2026-05-14 15:51:07.123' in New York local time → an aware UTC datetime."""
    try:
        local = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return (local if local.tzinfo else local.replace(tzinfo=NEW_YORK)).astimezone(dt.UTC)


def normalize_trade_report(account_id: str, text: str) -> list[dict]:
    """trade-activity CSV → one row per fill (status 'filled'; canceled and other orders are
    not fills). Buys spend cash (amount negative), sells bring it in."""
    rows = []
    for record in _report_rows(account_id, "trade-activity", text):
        if record.get("Status", "").lower() != "filled":
            continue
        order_id = record.get("Order ID")
        occurred = new_york_time(record.get("Filled Date/Time (America/New_York)", ""))
        if not order_id or occurred is None:
            raise ValidationError(
                f"account {account_id}: a filled order in the trade-activity report has no order id or fill time: {record}"
            )
        notional = number(record.get("Filled Notional"))
        side = record.get("Side", "").lower() or None
        rows.append(
            {
                "account_id": account_id,
                "kind": "TRADE",
                "date": occurred.astimezone(NEW_YORK).date(),
                "occurred_at": occurred,
                "order_id": order_id,
                "symbol": record.get("Symbol") or None,
                "side": side,
                "quantity": number(record.get("Filled Quantity", record.get("Quantity"))),
                "price": number(record.get("Average Fill Price")),
                "notional": notional,
                "amount": None if notional is None else (notional if side == "sell" else -notional),
            }
        )
    return rows


def normalize_cash_report(account_id: str, text: str) -> list[dict]:
    """non-trade-activity CSV → one row per cash event; codes we do not know keep kind OTHER and
    their raw type and subtype codes."""
    rows = []
    for record in _report_rows(account_id, "non-trade-activity", text):
        settled = date(record.get("Settled Date (America/New_York)"))
        if settled is None:
            raise ValidationError(f"account {account_id}: a non-trade-activity row has no settled date: {record}")
        code = record.get("Type Code", "").upper()
        rows.append(
            {
                "account_id": account_id,
                "kind": CASH_KINDS.get(code, "OTHER"),
                "date": settled,
                "amount": number(record.get("Net Amount")),
                "type_code": code or None,
                "subtype_code": record.get("Subtype Code") or None,
                "description": record.get("Description") or None,
            }
        )
    return rows


def activity_identity(row: dict) -> tuple:
    """What makes an activity row the same row in two report windows: a fill's order id; every
    field of a cash event (the report gives them no id)."""
    if row.get("kind") == "TRADE":
        return ("TRADE", row["account_id"], row.get("order_id"))
    return tuple(str(row.get(name)) for name in SCHEMAS["activity"].names)


def merge_activity(kept: list[dict], fetched: list[dict]) -> list[dict]:
    """Rows already stored and rows just fetched, each row once: overlapping windows and a second
    incremental run never add a copy, and rows outside the fetched windows stay. Identical cash
    events (two equal deposits on one day) are kept as often as the larger side has them."""
    counts: dict[tuple, int] = {}
    for row in fetched:
        key = activity_identity(row)
        counts[key] = counts.get(key, 0) + 1
    merged = list(fetched)
    seen: dict[tuple, int] = {}
    for row in kept:
        key = activity_identity(row)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > counts.get(key, 0):
            merged.append(row)
    return sorted(merged, key=lambda r: tuple("" if r.get(name) is None else str(r[name]) for name, _ in ACTIVITY_ORDER))


ACTIVITY_ORDER = [
    (name, "ascending") for name in ("account_id", "date", "kind", "order_id", "occurred_at", "amount", "description")
]


def merge_activity_table(kept: pa.Table, fetched: list[dict]) -> pa.Table:
    """merge_activity() for a stored table: only the stored rows that could be the same as a
    fetched one (dated on or after the first fetched day, or a fill whose order id came again)
    are compared row by row; the rest of a large history stays columnar as it is."""
    if not fetched:
        return kept.sort_by(ACTIVITY_ORDER)
    first = min(r["date"] for r in fetched)
    order_ids = pa.array([r["order_id"] for r in fetched if r.get("order_id")], pa.string())
    overlap = pc.fill_null(pc.or_(pc.greater_equal(kept["date"], first), pc.is_in(kept["order_id"], order_ids)), False)
    merged = to_table("activity", merge_activity(kept.filter(overlap).to_pylist(), fetched))
    return pa.concat_tables([kept.filter(pc.invert(overlap)), merged]).sort_by(ACTIVITY_ORDER)
