"""One intraday reading: what `total-stats` and `symphony-stats-meta` say during the session,
one row per account and per symphony. Composer's figures are taken as they come (today's change
is Composer's, against the previous close); nothing is recomputed."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from ingest.errors import ValidationError
from ingest.normalize.fields import MAX_DOLLARS, date, number

UTC_TIME = pa.timestamp("us", tz="UTC")
INTRADAY_SCHEMA = pa.schema(
    [
        ("market_date", pa.date32()),
        ("reading_at", UTC_TIME),
        ("market_open", UTC_TIME),
        ("market_close", UTC_TIME),
        ("interval_seconds", pa.float64()),
        ("account_id", pa.string()),
        ("subject_kind", pa.string()),
        ("subject_id", pa.string()),
        ("name", pa.string()),
        ("value", pa.float64()),
        ("todays_dollar_change", pa.float64()),
        ("todays_percent_change", pa.float64()),
        ("as_of", pa.date32()),
    ]
)


def _figures(where: str, value: object, dollars: object, percent: object) -> dict:
    figures = {"value": number(value), "todays_dollar_change": number(dollars), "todays_percent_change": number(percent)}
    if figures["value"] is None:
        raise ValidationError(f"{where} has no value now ({str(value)[:20]!r})")
    if not 0 <= figures["value"] <= MAX_DOLLARS:
        raise ValidationError(f"{where} is worth {figures['value']!r} now, outside 0 to {MAX_DOLLARS:.0e} dollars")
    return figures


def reading_rows(account_id: str, totals: object, symphonies: list[dict], when: dict) -> tuple[list[dict], list[str]]:
    """The rows of one account's reading, and why any symphony was left out. `when`:
    market_date, reading_at, market_open, market_close, interval_seconds (the same on every row).
    The account's own figures are required; a symphony without a usable value now (Composer sends
    "NaN" for a new or flat one) is left out of this reading alone, and said so."""
    if not isinstance(totals, dict):
        raise ValidationError(f"total-stats of account {account_id} is not an object")
    account = _figures(
        f"account {account_id} (total-stats portfolio_value)",
        totals.get("portfolio_value"),
        totals.get("todays_dollar_change"),
        totals.get("todays_percent_change"),
    )
    rows = [
        {
            **when,
            "account_id": account_id,
            "subject_kind": "account",
            "subject_id": account_id,
            "name": None,
            **account,
            "as_of": None,
        }
    ]
    left_out = []
    for entry in symphonies:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            left_out.append(f"a symphony of account {account_id} without an id")
            continue
        try:
            figures = _figures(
                f"symphony {entry['id']} (symphony-stats-meta value)",
                entry.get("value"),
                entry.get("last_dollar_change"),
                entry.get("last_percent_change"),
            )
        except ValidationError as exc:
            left_out.append(str(exc))
            continue
        rows.append(
            {
                **when,
                "account_id": account_id,
                "subject_kind": "symphony",
                "subject_id": entry["id"],
                "name": str(entry.get("name") or entry["id"]),
                **figures,
                "as_of": date(entry.get("as_of")),
            }
        )
    return rows, left_out


def reading_table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=INTRADAY_SCHEMA)


def when(market_date: dt.date, reading_at: dt.datetime, opens: dt.datetime, closes: dt.datetime, interval_s: float) -> dict:
    return {
        "market_date": market_date,
        "reading_at": reading_at,
        "market_open": opens,
        "market_close": closes,
        "interval_seconds": float(interval_s),
    }
