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

from ingest.errors import ValidationError

EPOCH = dt.date(1970, 1, 1)

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
    "account_holdings": pa.schema([("account_id", pa.string()), ("ticker", pa.string()), ("quantity", pa.float64())]),
    "symphony_versions": pa.schema(
        [("symphony_id", pa.string()), ("version_id", pa.string()), ("created_at", pa.timestamp("us", tz="UTC"))]
    ),
    "order_requests": pa.schema(
        [
            ("account_id", pa.string()),
            ("order_request_id", pa.string()),
            ("created_at", pa.timestamp("us", tz="UTC")),
            ("symbol", pa.string()),
            ("side", pa.string()),
            ("quantity", pa.float64()),
            ("notional", pa.float64()),
            ("status", pa.string()),
        ]
    ),
    "activity": pa.schema(
        [
            ("account_id", pa.string()),
            ("date", pa.date32()),
            ("kind", pa.string()),
            ("symphony_id", pa.string()),
            ("symbol", pa.string()),
            ("side", pa.string()),
            ("quantity", pa.float64()),
            ("price", pa.float64()),
            ("amount", pa.float64()),
            ("description", pa.string()),
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
    }


def normalize_symphony(account_id: str, entry: dict) -> dict:
    """One entry of symphony-stats-meta. Composer's drawdown stays a positive fraction."""
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
        raise ValidationError("a symphony in symphony-stats-meta has no id")
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
    days = (_numbers(stamps, what) // 86_400_000).astype("int32")
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
            "value": pa.array(_numbers(values, what)),
            "deposit_adjusted_value": pa.array(_numbers(adjusted, what)),
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
    for stamp, value in zip(payload["epoch_ms"], payload["series"]):
        ms, v = number(stamp), number(value)
        if ms is not None and v is not None:
            days[EPOCH + dt.timedelta(milliseconds=ms)] = v
    return [{"account_id": account_id, "date": d, "value": v} for d, v in sorted(days.items())]


def normalize_account_holdings(account_id: str, payload: list) -> list[dict]:
    if not isinstance(payload, list):
        raise ValidationError(f"account {account_id}: holdings is not a list")
    return [
        {"account_id": account_id, "ticker": h.get("ticker"), "quantity": number(h.get("quantity"))}
        for h in payload
        if isinstance(h, dict) and h.get("ticker")
    ]


def normalize_order_requests(account_id: str, orders: list) -> list[dict]:
    rows, seen = [], set()
    for order in orders:
        if not isinstance(order, dict):
            raise ValidationError(f"account {account_id}: an order request is not an object")
        order_id = order.get("order_request_id") or order.get("id")
        if order_id in seen:
            continue  # a page boundary that moved while paging can repeat an order
        seen.add(order_id)
        rows.append(
            {
                "account_id": account_id,
                "order_request_id": None if order_id is None else str(order_id),
                "created_at": timestamp(order.get("created_at")),
                "symbol": order.get("symbol"),
                "side": order.get("side"),
                "quantity": number(order.get("quantity")),
                "notional": number(order.get("notional")),
                "status": order.get("status"),
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


# header names seen in the CSV → our column; unknown columns are ignored
ACTIVITY_ALIASES = {
    "date": "date", "trade_date": "date", "settle_date": "date",
    "type": "kind", "activity_type": "kind",
    "symphony_id": "symphony_id", "symphony": "symphony_id",
    "symbol": "symbol", "ticker": "symbol",
    "side": "side", "quantity": "quantity", "qty": "quantity", "shares": "quantity",
    "price": "price", "amount": "amount", "net_amount": "amount",
    "description": "description",
}  # fmt: skip


def normalize_activity(account_id: str, report_type: str, text: str) -> list[dict]:
    """One CSV report window → activity rows. Trades get kind 'TRADE' when the CSV has no type."""
    if not isinstance(text, str):
        raise ValidationError(f"account {account_id}: the {report_type} report is not CSV text")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not any(h and h.strip().lower().replace(" ", "_") == "date" for h in reader.fieldnames):
        raise ValidationError(f"account {account_id}: the {report_type} report has no Date column")
    rows = []
    for record in reader:
        row: dict = {"account_id": account_id, "kind": "TRADE" if report_type == "trade-activity" else None}
        for header, value in record.items():
            column = ACTIVITY_ALIASES.get((header or "").strip().lower().replace(" ", "_"))
            if column:
                row[column] = value.strip() if isinstance(value, str) else value
        row["date"] = date(row.get("date"))
        if row["date"] is None:
            raise ValidationError(f"account {account_id}: a {report_type} row has no valid date: {record}")
        for column in ("quantity", "price", "amount"):
            row[column] = number(row.get(column))
        rows.append(row)
    return rows


def _epoch_day_series(symphony_id: str, key: str, raw: object) -> tuple[np.ndarray, np.ndarray]:
    """{epoch_day: value} with keys in any order → (sorted days, values)."""
    if not isinstance(raw, dict):
        raise ValidationError(f"symphony {symphony_id}: backtest series '{key}' is not an object")
    try:
        days = np.fromiter((int(day) for day in raw), dtype=np.int32, count=len(raw))
    except (TypeError, ValueError):
        raise ValidationError(f"symphony {symphony_id}: backtest series '{key}' has a non-integer day key") from None
    values = _numbers(list(raw.values()), f"symphony {symphony_id}: backtest series '{key}'")
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
