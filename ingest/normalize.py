"""Pure functions from Composer JSON to Arrow tables with explicit schemas.

Each `normalize_*` takes the decoded JSON of one response and returns rows or a table; each
raises `ValidationError` with a reason a person can act on when the data cannot be trusted.
Numbers are parsed leniently ("NaN", "", None → NULL); live dates arrive as epoch milliseconds
and backtest dates as epoch-day string keys in no particular order.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ingest import contract
from ingest.contract import NEW_YORK
from ingest.errors import ValidationError

EPOCH = dt.date(1970, 1, 1)
# Bounds of plausible data: a value outside them is a broken response, not a market event, and
# would make the metric views overflow (squares of 1e200) or divide by denormals (1e-308).
MAX_DOLLARS = 1e12  # a trillion dollars: no Composer account or backtest is worth more
MIN_NONZERO_DOLLARS = 1e-6  # a millionth of a cent: a positive value below this is noise
FIRST_LIVE_DAY = dt.date(2000, 1, 1)  # live history (Composer started in 2020); catches epoch seconds read as ms
FIRST_BACKTEST_DAY = dt.date(1970, 1, 2)  # backtests reach back decades, never before the epoch

SCHEMAS: dict[str, pa.Schema] = {
    "accounts": pa.schema(
        [
            ("account_id", pa.string()),
            ("account_type", pa.string()),
            ("status", pa.string()),
            ("broker", pa.string()),
            ("created_at", pa.timestamp("us", tz="UTC")),
            ("first_deposit_at", pa.timestamp("us", tz="UTC")),
            ("portfolio_value", pa.float64()),
            ("net_deposits", pa.float64()),
            ("total_cash", pa.float64()),
            ("composer_time_weighted_return", pa.float64()),
            ("composer_simple_return", pa.float64()),
            ("todays_dollar_change", pa.float64()),
            ("todays_percent_change", pa.float64()),
        ]
    ),
    "symphonies": pa.schema(
        [
            ("account_id", pa.string()),
            ("symphony_id", pa.string()),
            ("name", pa.string()),
            ("description", pa.string()),
            ("color", pa.string()),
            ("asset_class", pa.string()),
            ("rebalance_frequency", pa.string()),
            ("invested_since", pa.date32()),
            ("last_edit_at", pa.timestamp("us", tz="UTC")),
            ("as_of", pa.date32()),
            ("value", pa.float64()),
            ("cash", pa.float64()),
            ("deposit_adjusted_value", pa.float64()),
            ("net_deposits", pa.float64()),
            ("simple_return", pa.float64()),
            ("composer_time_weighted_return", pa.float64()),
            ("composer_annualized_return", pa.float64()),
            ("composer_sharpe", pa.float64()),
            ("composer_max_drawdown", pa.float64()),
            # why this symphony's rows are the previous snapshot's (its sync failed this run);
            # NULL when they are this run's
            ("stale_reason", pa.string()),
            ("stale_since_run", pa.string()),
        ]
    ),
    "holdings": pa.schema(
        [
            ("account_id", pa.string()),
            ("symphony_id", pa.string()),
            ("ticker", pa.string()),
            ("allocation", pa.float64()),
            ("price", pa.float64()),
            ("quantity", pa.float64()),
            ("value", pa.float64()),
            ("as_of", pa.date32()),
        ]
    ),
    "daily_values": pa.schema(
        [
            ("account_id", pa.string()),
            ("symphony_id", pa.string()),
            ("date", pa.date32()),
            ("value", pa.float64()),
            ("deposit_adjusted_value", pa.float64()),
        ]
    ),
    "backtest_values": pa.schema(
        [("symphony_id", pa.string()), ("series", pa.string()), ("date", pa.date32()), ("value", pa.float64())]
    ),
    "benchmark_values": pa.schema([("ticker", pa.string()), ("date", pa.date32()), ("value", pa.float64())]),
    "account_values": pa.schema([("account_id", pa.string()), ("date", pa.date32()), ("value", pa.float64())]),
    "account_holdings": pa.schema(
        [
            ("account_id", pa.string()),
            ("ticker", pa.string()),
            ("asset_class", pa.string()),
            ("quantity", pa.float64()),
            ("underlying", pa.string()),
            ("strike_price", pa.float64()),
            ("expiry", pa.date32()),
            ("contract_type", pa.string()),
        ]
    ),
    "symphony_versions": pa.schema(
        [("symphony_id", pa.string()), ("version_id", pa.string()), ("created_at", pa.timestamp("us", tz="UTC"))]
    ),
    "order_requests": pa.schema(
        [
            ("account_id", pa.string()),
            ("order_request_id", pa.string()),
            ("created_at", pa.timestamp("us", tz="UTC")),
            ("updated_at", pa.timestamp("us", tz="UTC")),
            ("symbol", pa.string()),
            ("asset_class", pa.string()),
            ("side", pa.string()),
            ("order_type", pa.string()),
            ("time_in_force", pa.string()),
            ("quantity", pa.float64()),
            ("notional", pa.float64()),
            ("limit_price", pa.float64()),
            ("status", pa.string()),
            ("source", pa.string()),
        ]
    ),
    # one row per fill (kind TRADE, from the trade report: account-level, the report does not say
    # which symphony placed an order) or per cash event (from the non-trade report)
    "activity": pa.schema(
        [
            ("account_id", pa.string()),
            ("kind", pa.string()),
            ("date", pa.date32()),
            ("occurred_at", pa.timestamp("us", tz="UTC")),
            ("order_id", pa.string()),
            ("symbol", pa.string()),
            ("side", pa.string()),
            ("quantity", pa.float64()),
            ("price", pa.float64()),
            ("notional", pa.float64()),
            ("amount", pa.float64()),
            ("type_code", pa.string()),
            ("subtype_code", pa.string()),
            ("description", pa.string()),
        ]
    ),
    "backtest_rebalances": pa.schema([("symphony_id", pa.string()), ("date", pa.date32())]),
    "backtest_allocation_changes": pa.schema(
        [
            ("symphony_id", pa.string()),
            ("date", pa.date32()),
            ("ticker", pa.string()),
            ("weight_before", pa.float64()),
            ("weight_after", pa.float64()),
        ]
    ),
    "backtest_stats": pa.schema(
        [
            ("symphony_id", pa.string()),
            ("first_day", pa.date32()),
            ("last_market_day", pa.date32()),
            ("cumulative_return", pa.float64()),
            ("annualized_rate_of_return", pa.float64()),
            ("sharpe_ratio", pa.float64()),
            ("sortino_ratio", pa.float64()),
            ("max_drawdown", pa.float64()),
            ("calmar_ratio", pa.float64()),
            ("standard_deviation", pa.float64()),
            ("win_rate", pa.float64()),
            ("fetched_at", pa.timestamp("us", tz="UTC")),
        ]
    ),
}
TABLES = tuple(SCHEMAS)


def number(value: object) -> float | None:
    """A float, or None for "NaN", "", None, infinities and anything not numeric."""
    if value is None or isinstance(value, bool):
        return None
    try:
        parsed = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return parsed if math.isfinite(parsed) else None


def timestamp(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def to_table(name: str, rows: list[dict]) -> pa.Table:
    """Rows → a table with the declared schema (missing keys become NULL)."""
    schema = SCHEMAS[name]
    return pa.Table.from_pylist([{f: row.get(f) for f in schema.names} for row in rows], schema=schema)


def normalize_account(account: dict, total_stats: dict | None) -> dict:
    if not isinstance(account, dict) or not account.get("account_uuid"):
        raise ValidationError("an account has no account_uuid")
    totals = total_stats if isinstance(total_stats, dict) else {}
    return {
        "account_id": account["account_uuid"],
        "account_type": account.get("account_type"),
        "status": account.get("status"),
        "broker": account.get("broker"),
        "created_at": timestamp(account.get("created_at")),
        "first_deposit_at": timestamp(account.get("first_deposit_at")),
        "portfolio_value": number(totals.get("portfolio_value")),
        "net_deposits": number(totals.get("net_deposits")),
        "total_cash": number(totals.get("total_cash")),
        "composer_time_weighted_return": number(totals.get("time_weighted_return")),
        "composer_simple_return": number(totals.get("simple_return")),
        "todays_dollar_change": number(totals.get("todays_dollar_change")),
        "todays_percent_change": number(totals.get("todays_percent_change")),
    }


def normalize_symphony(account_id: str, entry: dict) -> dict:
    """One entry of symphony-stats-meta. Composer's drawdown stays a positive fraction."""
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
        raise ValidationError("a symphony in symphony-stats-meta has no id")
    if not contract.SYMPHONY_ID.match(entry["id"]):
        shown = entry["id"][:40].encode("unicode_escape").decode()
        raise ValidationError(
            f"a symphony in symphony-stats-meta has an id that is not Composer's (20 letters and digits): {shown!r}"
        )
    return {
        "account_id": account_id,
        "symphony_id": entry["id"],
        "name": str(entry.get("name") or entry["id"]),
        "description": entry.get("description"),
        "color": entry.get("color"),
        "asset_class": entry.get("asset_class"),
        "rebalance_frequency": entry.get("rebalance_frequency"),
        "invested_since": date(entry.get("invested_since")),
        "last_edit_at": timestamp(entry.get("last_semantic_update_at")),
        "as_of": date(entry.get("as_of")),
        "value": number(entry.get("value")),
        "cash": number(entry.get("cash")),
        "deposit_adjusted_value": number(entry.get("deposit_adjusted_value")),
        "net_deposits": number(entry.get("net_deposits")),
        "simple_return": number(entry.get("simple_return")),
        "composer_time_weighted_return": number(entry.get("time_weighted_return")),
        "composer_annualized_return": number(entry.get("annualized_rate_of_return")),
        "composer_sharpe": number(entry.get("sharpe_ratio")),
        "composer_max_drawdown": number(entry.get("max_drawdown")),
    }


def normalize_holdings(account_id: str, entry: dict) -> list[dict]:
    holdings = entry.get("holdings") or []
    if not isinstance(holdings, list):
        raise ValidationError(f"symphony {entry.get('id')}: holdings is not a list")
    as_of = date(entry.get("as_of"))
    return [
        {
            "account_id": account_id,
            "symphony_id": entry["id"],
            "ticker": h.get("ticker"),
            "allocation": number(h.get("allocation")),
            "price": number(h.get("price")),
            "quantity": number(h.get("amount")),
            "value": number(h.get("value")),
            "as_of": as_of,
        }
        for h in holdings
        if isinstance(h, dict) and h.get("ticker")
    ]


def _series(payload: dict, key: str, symphony_id: str) -> list:
    values = payload.get(key)
    if not isinstance(values, list):
        raise ValidationError(f"symphony {symphony_id}: '{key}' is missing or not a list")
    return values


def _numbers(values: list, what: str) -> np.ndarray:
    """Floats from a JSON array ("NaN", None or text where a number belongs raise with its position)."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        array = np.array([np.nan if number(v) is None else number(v) for v in values], dtype=float)
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        raise ValidationError(f"{what}: non-numeric value at position {bad[0]} ({values[bad[0]]!r})")
    return array


def check_values(values: np.ndarray, what: str) -> None:
    """Dollar values must be 0 or within [MIN_NONZERO_DOLLARS, MAX_DOLLARS]: ValidationError
    naming the first one that is not, and its position."""
    bad = np.flatnonzero((values != 0) & ((values < MIN_NONZERO_DOLLARS) | (values > MAX_DOLLARS)))
    if bad.size:
        raise ValidationError(
            f"{what}: value {values[bad[0]]:.6g} at position {bad[0]} is outside 0 or "
            f"[{MIN_NONZERO_DOLLARS:g}, {MAX_DOLLARS:g}] dollars"
        )


def today() -> dt.date:
    """The machine's day: the latest a live value can be from (a benchmark of a future-dated
    sandbox account replaces it)."""
    return dt.date.today()


def check_days(days: np.ndarray, what: str, first: dt.date) -> None:
    """Days since the epoch must fall between `first` and tomorrow (New York is behind UTC)."""
    low, high = (first - EPOCH).days, (today() + dt.timedelta(days=1) - EPOCH).days
    bad = np.flatnonzero((days < low) | (days > high))
    if bad.size:
        day = int(days[bad[0]])
        shown = str(EPOCH + dt.timedelta(days=day)) if -700_000 < day < 2_900_000 else f"day {day}"
        raise ValidationError(f"{what}: date {shown} at position {bad[0]} is outside {first}..tomorrow")


def normalize_live_values(account_id: str, symphony_id: str, payload: dict) -> pa.Table:
    """Parallel arrays epoch_ms / series / deposit_adjusted_series → a daily_values table."""
    if not isinstance(payload, dict):
        raise ValidationError(f"symphony {symphony_id}: live values are not a JSON object")
    stamps = _series(payload, "epoch_ms", symphony_id)
    values = _series(payload, "series", symphony_id)
    adjusted = _series(payload, "deposit_adjusted_series", symphony_id)
    if not stamps:
        raise ValidationError(f"symphony {symphony_id}: live series is empty")
    if not len(stamps) == len(values) == len(adjusted):
        raise ValidationError(
            f"symphony {symphony_id}: arrays differ in length (epoch_ms {len(stamps)}, series {len(values)}, "
            f"deposit_adjusted_series {len(adjusted)})"
        )
    what = f"symphony {symphony_id}"
    days = (_numbers(stamps, what) // 86_400_000).astype("int64")
    check_days(days, what, FIRST_LIVE_DAY)
    days = days.astype("int32")
    dollars, adjusted_dollars = _numbers(values, what), _numbers(adjusted, what)
    check_values(dollars, what)
    check_values(adjusted_dollars, f"{what} (deposit-adjusted)")
    steps = np.diff(days)
    if steps.size and (steps <= 0).any():
        i = int(np.flatnonzero(steps <= 0)[0]) + 1
        problem = "duplicate" if steps[i - 1] == 0 else "unsorted"
        raise ValidationError(f"symphony {symphony_id}: {problem} date {EPOCH + dt.timedelta(days=int(days[i]))} at position {i}")
    n = days.size
    return pa.table(
        {
            "account_id": pa.array([account_id] * n, pa.string()),
            "symphony_id": pa.array([symphony_id] * n, pa.string()),
            "date": pa.array(days, pa.int32()).cast(pa.date32()),
            "value": pa.array(dollars),
            "deposit_adjusted_value": pa.array(adjusted_dollars),
        },
        schema=SCHEMAS["daily_values"],
    )


def normalize_account_values(account_id: str, payload: dict) -> list[dict]:
    """portfolio-history: parallel epoch_ms / series arrays → one row per day."""
    if (
        not isinstance(payload, dict)
        or not isinstance(payload.get("epoch_ms"), list)
        or not isinstance(payload.get("series"), list)
    ):
        raise ValidationError(f"account {account_id}: portfolio-history is not {{'epoch_ms': [...], 'series': [...]}}")
    if len(payload["epoch_ms"]) != len(payload["series"]):
        raise ValidationError(f"account {account_id}: portfolio-history arrays differ in length")
    days: dict[dt.date, float] = {}
    what = f"account {account_id}: portfolio-history"
    for stamp, value in zip(payload["epoch_ms"], payload["series"]):
        ms, v = number(stamp), number(value)
        if ms is not None and v is not None:
            check_days(np.array([ms // 86_400_000], dtype="int64"), what, FIRST_LIVE_DAY)
            check_values(np.array([v]), what)
            days[EPOCH + dt.timedelta(milliseconds=ms)] = v
    return [{"account_id": account_id, "date": d, "value": v} for d, v in sorted(days.items())]


def normalize_account_holdings(account_id: str, payload: list) -> list[dict]:
    """holdings?position_type=ALL: direct and symphony positions; crypto keeps Composer's ticker
    (CRYPTO::BTC//USD), an option its contract details."""
    if not isinstance(payload, list):
        raise ValidationError(f"account {account_id}: holdings is not a list")
    rows = []
    for h in payload:
        if not isinstance(h, dict) or not h.get("ticker"):
            continue
        option = h.get("options_details") if isinstance(h.get("options_details"), dict) else {}
        rows.append(
            {
                "account_id": account_id,
                "ticker": h["ticker"],
                "asset_class": h.get("asset_class"),
                "quantity": number(h.get("quantity")),
                "underlying": option.get("underlying_asset_symbol"),
                "strike_price": number(option.get("strike_price")),
                "expiry": date(option.get("expiry")),
                "contract_type": option.get("contract_type"),
            }
        )
    return rows


def normalize_order_requests(account_id: str, orders: list) -> list[dict]:
    rows, seen = [], set()
    for order in orders:
        if not isinstance(order, dict) or not order.get("order_request_id"):
            raise ValidationError(f"account {account_id}: an order request has no order_request_id")
        order_id = str(order["order_request_id"])
        if order_id in seen:
            continue
        seen.add(order_id)
        rows.append(
            {
                "account_id": account_id,
                "order_request_id": order_id,
                "created_at": timestamp(order.get("created_at")),
                "updated_at": timestamp(order.get("updated_at")),
                "symbol": order.get("symbol"),
                "asset_class": order.get("asset_class"),
                "side": order.get("side"),
                "order_type": order.get("type"),
                "time_in_force": order.get("time_in_force"),
                "quantity": number(order.get("quantity")),
                "notional": number(order.get("notional")),
                "limit_price": number(order.get("limit_price")),
                "status": order.get("status"),
                "source": order.get("source"),
            }
        )
    return rows


def normalize_versions(symphony_id: str, payload: list) -> list[dict]:
    """versions: [{version_id, created_at}] newest first → rows oldest first."""
    if not isinstance(payload, list):
        raise ValidationError(f"symphony {symphony_id}: versions is not a list")
    rows = [
        {"symphony_id": symphony_id, "version_id": str(v.get("version_id")), "created_at": timestamp(v.get("created_at"))}
        for v in payload
        if isinstance(v, dict) and v.get("version_id") is not None
    ]
    return sorted(rows, key=lambda r: (r["created_at"] is None, r["created_at"]))


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


def _epoch_day_series(symphony_id: str, key: str, raw: object) -> tuple[np.ndarray, np.ndarray]:
    """{epoch_day: value} with keys in any order → (sorted days, values)."""
    if not isinstance(raw, dict):
        raise ValidationError(f"symphony {symphony_id}: backtest series '{key}' is not an object")
    what = f"symphony {symphony_id}: backtest series '{key}'"
    try:
        days = np.fromiter((int(day) for day in raw), dtype=np.int64, count=len(raw))
    except (TypeError, ValueError):
        raise ValidationError(f"{what} has a non-integer day key") from None
    check_days(days, what, FIRST_BACKTEST_DAY)
    days = days.astype(np.int32)
    values = _numbers(list(raw.values()), what)
    check_values(values, what)
    order = np.argsort(days, kind="stable")
    return days[order], values[order]


def normalize_backtest(symphony_id: str, payload: dict) -> tuple[pa.Table, dict]:
    """→ (backtest_values table for the symphony and each benchmark, backtest_stats row)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("dvm_capital"), dict):
        raise ValidationError(f"symphony {symphony_id}: backtest has no dvm_capital")
    if symphony_id not in payload["dvm_capital"]:
        raise ValidationError(f"symphony {symphony_id}: backtest has no series for the symphony itself")
    parts = []
    for key, raw in payload["dvm_capital"].items():
        days, values = _epoch_day_series(symphony_id, key, raw)
        n = days.size
        parts.append(
            pa.table(
                {
                    "symphony_id": pa.array([symphony_id] * n, pa.string()),
                    "series": pa.array(["symphony" if key == symphony_id else key] * n, pa.string()),
                    "date": pa.array(days, pa.int32()).cast(pa.date32()),
                    "value": pa.array(values),
                },
                schema=SCHEMAS["backtest_values"],
            )
        )
    stats = payload.get("stats") if isinstance(payload.get("stats"), dict) else {}

    def epoch_day(value: object) -> dt.date | None:
        n = number(value)
        return EPOCH + dt.timedelta(days=int(n)) if n is not None else None

    stats_row = {
        "symphony_id": symphony_id,
        "first_day": epoch_day(payload.get("first_day")),
        "last_market_day": epoch_day(payload.get("last_market_day")),
        **{name: number(stats.get(name)) for name in SCHEMAS["backtest_stats"].names[3:-1]},
    }
    return pa.concat_tables(parts), stats_row


ALLOCATION_CHANGE = 0.01  # a weight that moves less than this is drift or rounding, not a change


def normalize_backtest_events(symphony_id: str, payload: dict) -> tuple[pa.Table, pa.Table]:
    """What Composer reports per symphony about trading, from its backtest: the rebalance days
    (`rebalance_days`, epoch days) and the days its target allocation changed (`tdvm_weights`,
    {ticker: {epoch_day: weight}}, a ticker absent on days it is not held)."""
    days_raw = payload.get("rebalance_days") if isinstance(payload, dict) else None
    if not isinstance(days_raw, list):
        raise ValidationError(f"symphony {symphony_id}: backtest has no rebalance_days list")
    days = np.unique(_numbers(days_raw, f"symphony {symphony_id}: rebalance_days").astype("int32"))
    rebalances = pa.table(
        {"symphony_id": pa.array([symphony_id] * days.size, pa.string()), "date": pa.array(days, pa.int32()).cast(pa.date32())},
        schema=SCHEMAS["backtest_rebalances"],
    )
    weights = payload.get("tdvm_weights")
    if not isinstance(weights, dict):
        raise ValidationError(f"symphony {symphony_id}: backtest has no tdvm_weights object")
    series = {ticker: _epoch_day_series(symphony_id, f"tdvm_weights.{ticker}", raw) for ticker, raw in weights.items()}
    all_days = np.unique(np.concatenate([d for d, _ in series.values()])) if series else np.array([], dtype=np.int32)
    columns: dict[str, list] = {name: [] for name in SCHEMAS["backtest_allocation_changes"].names}
    for ticker, (ticker_days, values) in sorted(series.items()):
        dense = np.zeros(all_days.size)
        dense[np.searchsorted(all_days, ticker_days)] = values
        before = np.concatenate([[0.0], dense[:-1]])
        changed = np.flatnonzero(np.abs(dense - before) >= ALLOCATION_CHANGE)
        columns["symphony_id"] += [symphony_id] * changed.size
        columns["date"] += [EPOCH + dt.timedelta(days=int(d)) for d in all_days[changed]]
        columns["ticker"] += [ticker] * changed.size
        columns["weight_before"] += before[changed].tolist()
        columns["weight_after"] += dense[changed].tolist()
    changes = pa.table(columns, schema=SCHEMAS["backtest_allocation_changes"]).sort_by(
        [("date", "ascending"), ("ticker", "ascending")]
    )
    return rebalances, changes


def benchmark_values(backtest_values: pa.Table) -> pa.Table:
    """One series per benchmark ticker: the longest any backtest returned, so it has one scale."""
    benchmarks = backtest_values.filter(pc.not_equal(backtest_values["series"], "symphony"))
    if benchmarks.num_rows == 0:
        return SCHEMAS["benchmark_values"].empty_table()
    counts = benchmarks.group_by(["series", "symphony_id"]).aggregate([("date", "count")]).to_pylist()
    longest: dict[str, tuple[int, str]] = {}
    for c in sorted(counts, key=lambda c: (c["series"], c["symphony_id"])):
        if c["date_count"] > longest.get(c["series"], (0, ""))[0]:
            longest[c["series"]] = (c["date_count"], c["symphony_id"])
    parts = []
    for ticker, (_, source) in sorted(longest.items()):
        mask = pc.and_(pc.equal(benchmarks["series"], ticker), pc.equal(benchmarks["symphony_id"], source))
        chosen = benchmarks.filter(mask).sort_by("date")
        parts.append(
            pa.table(
                {"ticker": chosen["series"], "date": chosen["date"], "value": chosen["value"]}, schema=SCHEMAS["benchmark_values"]
            )
        )
    return pa.concat_tables(parts)
