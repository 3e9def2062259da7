"""Backtests: daily values (epoch-day keys in no order), statistics, rebalances and allocation changes."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ingest.errors import ValidationError
from ingest.normalize.fields import EPOCH, FIRST_BACKTEST_DAY, _numbers, check_days, check_values, number
from ingest.normalize.schemas import SCHEMAS


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
