"""Build a lake from hand-made return series, so metric tests go through the real views."""

from __future__ import annotations

import datetime as dt
import pathlib

import numpy as np

from ingest import normalize
from ingest.lake import Lake
from ingest.snapshots import publish
from sql import duck

START = dt.date(2020, 1, 6)


def business_days(n: int, start: dt.date = START, gaps: bool = False) -> list[dt.date]:
    """n weekdays from start; with gaps, every 7th weekday is skipped (a missing day of data)."""
    days, day, i = [], start, 0
    while len(days) < n:
        if day.weekday() < 5:
            if not (gaps and i % 7 == 6):
                days.append(day)
            i += 1
        day += dt.timedelta(days=1)
    return days


def values_from_returns(returns: np.ndarray, start_value: float = 1000.0) -> np.ndarray:
    """Deposit-adjusted values whose day-over-day returns are `returns` (first day has none)."""
    return start_value * np.concatenate([[1.0], np.cumprod(1.0 + np.asarray(returns, dtype=float))])


def returns_of(values: np.ndarray) -> np.ndarray:
    """The returns the views compute from the stored values: V_t / V_(t-1) - 1."""
    return values[1:] / values[:-1] - 1.0


def write_lake(
    root: pathlib.Path,
    symphonies: dict[str, dict],
    benchmark: tuple[list[dt.date], np.ndarray] | None = None,
    run_id: str = "test-run",
) -> None:
    """symphonies: id → {"dates", "adjusted", optional "value", "name", "last_edit_at", "backtest"
    (a (dates, values) pair), "account" (default "acct"), "value_today" (Composer's value now)}."""
    rows = {name: [] for name in normalize.TABLES}
    for account in sorted({spec.get("account", "acct") for spec in symphonies.values()}):
        rows["accounts"].append({"account_id": account, "account_type": "INDIVIDUAL"})
    for sid, spec in symphonies.items():
        rows["symphonies"].append(
            {
                "account_id": spec.get("account", "acct"),
                "symphony_id": sid,
                "name": spec.get("name", sid),
                "last_edit_at": spec.get("last_edit_at"),
                "value": spec.get("value_today"),
            }
        )
        for day, value in zip(*spec.get("backtest", ([], []))):
            rows["backtest_values"].append({"symphony_id": sid, "series": "symphony", "date": day, "value": float(value)})
        dollars = spec.get("value", spec["adjusted"])
        for day, value, adjusted in zip(spec["dates"], dollars, spec["adjusted"]):
            rows["daily_values"].append(
                {
                    "account_id": spec.get("account", "acct"),
                    "symphony_id": sid,
                    "date": day,
                    "value": float(value),
                    "deposit_adjusted_value": float(adjusted),
                }
            )
    if benchmark is not None:
        rows["benchmark_values"] = [{"ticker": "SPY", "date": d, "value": float(v)} for d, v in zip(*benchmark)]
    tables = {name: normalize.to_table(name, r) for name, r in rows.items()}
    publish(Lake(str(root)), run_id, tables, None, {"created_at": "2026-01-01T00:00:00+00:00"})


def query(
    root: pathlib.Path,
    sql: str,
    params: duck.MetricParameters | None = None,
    period: tuple[dt.date | None, dt.date | None] | None = None,
    account: str | None = None,
    variables: dict[str, object] | None = None,
    bind: dict[str, object] | None = None,
) -> list[dict]:
    """Rows of a query over the views (in the report period and account, when given; with the
    given DuckDB variables set before the views load, so their defaults give way; `bind` gives
    the query's named parameters), NaN as None. The views read copies of the snapshot's tables,
    as the dashboard, the CLI and the nightly job's readers do (test_lake_data and
    test_period_sums hold the views over the files to the same results)."""
    con = duck.connect()
    for name, value in (variables or {}).items():
        con.execute(f"set variable {name} = ?", [value])
    duck.load_views(con, str(root), params=params, copy=True)
    duck.set_range(con, *(period or (None, None)), account)
    frame = con.execute(sql, bind or {}).df()
    return [{k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in r.items()} for r in frame.to_dict("records")]


def query_metrics(
    root: pathlib.Path,
    params: duck.MetricParameters | None = None,
    view: str = "symphony_metrics",
    period: tuple[dt.date | None, dt.date | None] | None = None,
) -> dict[str, dict]:
    key = "account_id" if view == "portfolio_metrics" else "symphony_id"
    return {r[key]: r for r in query(root, f"select * from {view}", params, period)}


def symphonies(count: int, seed: int = 3) -> dict[str, dict]:
    rng = np.random.default_rng(seed)
    dates = business_days(260)
    return {f"s{i}": {"dates": dates, "adjusted": values_from_returns(rng.normal(0.0005, 0.01, 259))} for i in range(count)}


def symphony_colours_of(root: pathlib.Path | str) -> dict[str, str]:
    """The colour the dashboard gives each symphony of the lake (sql/pages/symphony_order.sql's order)."""
    from webapp.formatting import symphony_colours
    from webapp.store.readers import PAGE_SQL

    return symphony_colours(r["symphony_id"] for r in query(pathlib.Path(root), PAGE_SQL["symphony_order"]))
