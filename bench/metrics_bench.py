"""symphony_metrics in DuckDB against the same metrics from empyrical/quantstats, per symphony.

    .venv/bin/python -m bench.metrics_bench [--symphonies 1000] [--days 2520]

Builds a local lake of N symphonies x D trading days (random returns, SPY-like benchmark),
times the full `symphony_metrics` view on the snapshot as the dashboard loads it (a local DuckDB
file, DASHBOARD_MEMORY_MB; best of 3) and in a DuckDB CLI session (sql/cli.sql: in memory), over
the whole history and over the last year (a period that starts mid-history, so its drawdowns are
computed from the days); the same metrics summed day by day (`series_metrics` over
`returns_in_range`, what symphony_metrics did before it added periods up from monthly sums); the
reference loop (empyrical for Sharpe, Sortino, max drawdown, CAGR, volatility, Calmar, beta,
alpha, total return; quantstats for win rate, current and longest drawdown; pandas for best and
worst day), and a vectorized NumPy pass over the symphonies x days matrix of values computing the
core columns (Sharpe, Sortino, max drawdown, CAGR, volatility, win rate, Calmar; best of 3), what
the machine can do. It checks the NumPy figures against the view's, prints the times and ratios,
and ends with `sql/numpy ratio: <R>` (SQL time / NumPy time).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
import warnings

import empyrical
import numpy as np
import pandas as pd
import pyarrow as pa
import quantstats as qs

from ingest import normalize
from ingest.lake import Lake
from ingest.snapshots import publish
from sql import duck
from webapp.config import WebConfig
from webapp.store import loading

RUN_ID = "bench-run"
NUMPY_COLUMNS = ("sharpe", "sortino", "max_drawdown", "cagr", "volatility", "win_rate", "calmar")


def build_lake(root: str, symphonies: int, days: int, seed: int = 11) -> tuple[np.ndarray, np.ndarray, pd.DatetimeIndex]:
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range(dt.date(2016, 1, 4), periods=days + 1).date
    bench = rng.normal(0.0004, 0.011, days)
    returns = 0.0002 + rng.uniform(-0.5, 2.0, (symphonies, 1)) * bench + rng.normal(0, 0.01, (symphonies, days))
    values = 1000.0 * np.concatenate([np.ones((symphonies, 1)), np.cumprod(1 + returns, axis=1)], axis=1)
    ids = [f"sym{i:05d}" for i in range(symphonies)]
    daily = pa.table(
        {
            "account_id": pa.array(["acct"] * (symphonies * (days + 1))),
            "symphony_id": pa.array(np.repeat(ids, days + 1)),
            "date": pa.array(np.tile(dates, symphonies), pa.date32()),
            "value": pa.array(values.ravel()),
            "deposit_adjusted_value": pa.array(values.ravel()),
        },
        schema=normalize.SCHEMAS["daily_values"],
    )
    bench_values = 400.0 * np.concatenate([[1.0], np.cumprod(1 + bench)])
    tables = {name: normalize.to_table(name, []) for name in normalize.TABLES}
    tables["daily_values"] = daily
    tables["symphonies"] = normalize.to_table("symphonies", [{"account_id": "acct", "symphony_id": i, "name": i} for i in ids])
    tables["benchmark_values"] = normalize.to_table(
        "benchmark_values", [{"ticker": "SPY", "date": d, "value": v} for d, v in zip(dates, bench_values)]
    )
    publish(Lake(root), RUN_ID, tables, None, {"created_at": dt.datetime.now(dt.UTC).isoformat()})
    return values[:, 1:] / values[:, :-1] - 1, bench_values[1:] / bench_values[:-1] - 1, pd.DatetimeIndex(dates[1:])


def reference(returns: np.ndarray, bench: np.ndarray, dates: pd.DatetimeIndex, core_only: bool = False) -> list[dict]:
    """Every column of symphony_metrics that the libraries compute, one symphony at a time
    (core_only: just the nine ratios, without total return, best/worst day and drawdown details)."""
    out, b = [], pd.Series(bench, index=dates)
    for row in returns:
        r = pd.Series(row, index=dates)
        core = {
            "sharpe": empyrical.sharpe_ratio(r),
            "sortino": empyrical.sortino_ratio(r),
            "max_drawdown": empyrical.max_drawdown(r),
            "cagr": empyrical.annual_return(r),
            "volatility": empyrical.annual_volatility(r),
            "calmar": empyrical.calmar_ratio(r),
            "beta": empyrical.beta(r, b),
            "alpha": empyrical.alpha(r, b),
            "win_rate": qs.stats.win_rate(r),
        }
        if core_only:
            out.append(core)
            continue
        underwater = qs.stats.to_drawdown_series(r)
        out.append(
            core
            | {
                "total_return": empyrical.cum_returns_final(r),
                "best_day": r.max(),
                "worst_day": r.min(),
                "current_drawdown": underwater.iloc[-1],
                "max_drawdown_days": qs.stats.drawdown_details(underwater)["days"].max(),
            }
        )
    return out


def numpy_core(values: np.ndarray, risk_free_rate: float = 0.0, periods: int = 252) -> dict[str, np.ndarray]:
    """The core columns for every symphony at once, from the symphonies x (days + 1) values
    (the same definitions as sql/macros/series_metrics.sql)."""
    returns = values[:, 1:] / values[:, :-1] - 1
    excess = returns - ((1 + risk_free_rate) ** (1 / periods) - 1)
    n = returns.shape[1]
    sd_excess = excess.std(axis=1, ddof=1)
    cagr = (values[:, -1] / values[:, 0]) ** (periods / n) - 1
    max_drawdown = (values / np.maximum.accumulate(values, axis=1) - 1).min(axis=1)
    downside = np.sqrt((np.minimum(excess, 0) ** 2).mean(axis=1))
    return {
        "sharpe": excess.mean(axis=1) / sd_excess * np.sqrt(periods),
        "sortino": excess.mean(axis=1) * periods / (downside * np.sqrt(periods)),
        "max_drawdown": max_drawdown,
        "cagr": cagr,
        "volatility": returns.std(axis=1, ddof=1) * np.sqrt(periods),
        "win_rate": (returns > 0).sum(axis=1) / (returns != 0).sum(axis=1),
        "calmar": cagr / np.abs(max_drawdown),
    }


def best_of_3(function) -> tuple[float, object]:
    times, result = [], None
    for _ in range(3):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def as_the_cli_loads_it(root: str) -> tuple[object, float]:
    """The DuckDB CLI's session (sql/cli.sql): the views over the files, the snapshot's tables and
    DERIVED_TABLES copied into memory once; and how long loading and copying took."""
    con = duck.connect()
    started = time.perf_counter()
    duck.load_views(con, root, copy=True)
    return con, time.perf_counter() - started


# the same metrics summed day by day (tests/test_period_sums.py holds symphony_metrics to it)
DAY_BY_DAY = """
    select * from series_metrics('
        select
            symphony_id as series_id, date, deposit_adjusted_value, daily_return, benchmark_return, pnl,
            peak_adjusted, underwater_days, from_start
        from returns_in_range')
    order by series_id
"""


def time_view(con, sql: str = "select * from symphony_metrics order by symphony_id") -> tuple[float, list]:
    """A query's time, best of 3 after a warm-up run (file metadata, first reads)."""
    con.execute(sql).fetchall()
    return best_of_3(lambda: con.execute(sql).fetchall())


def last_year(con) -> tuple[float, float]:
    """symphony_metrics and the day-by-day metrics over the snapshot's last year, then the whole
    history again."""
    last = con.execute("select max(date) from daily_returns").fetchone()[0]
    duck.set_range(con, last - dt.timedelta(days=365), None, None)
    summed, _ = time_view(con)
    daily, _ = time_view(con, DAY_BY_DAY)
    duck.set_range(con, None, None, None)
    return summed, daily


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--symphonies", type=int, default=1000)
    parser.add_argument("--days", type=int, default=2520)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    with tempfile.TemporaryDirectory() as root:
        returns, bench, dates = build_lake(root, args.symphonies, args.days)
        cli, cli_load = as_the_cli_loads_it(root)
        from_cli, _ = time_view(cli)
        cli.close()
        con, _, _ = loading.build(WebConfig(data_url=root, disk_dir=root), RUN_ID)  # as the dashboard serves it
        duck.set_range(con, None, None, None)
        best_sql, ours = time_view(con)
        day_by_day, _ = time_view(con, DAY_BY_DAY)
        year_sql, year_day_by_day = last_year(con)
        started = time.perf_counter()
        ref = reference(returns, bench, dates)
        ref_time = time.perf_counter() - started
        started = time.perf_counter()
        reference(returns, bench, dates, core_only=True)
        core_time = time.perf_counter() - started
        columns = ", ".join(NUMPY_COLUMNS)
        frame = con.execute(f"select {columns} from symphony_metrics order by symphony_id").fetchnumpy()
        con.close()
    values = np.concatenate([np.ones((len(returns), 1)), np.cumprod(1 + returns, axis=1)], axis=1)
    numpy_time, core = best_of_3(lambda: numpy_core(values))
    worst = max(abs(frame["sharpe"][i] - ref[i]["sharpe"]) / abs(ref[i]["sharpe"]) for i in range(len(ref)))
    worst_numpy = max(float(np.max(np.abs(frame[c] - core[c]) / np.maximum(np.abs(core[c]), 1e-12))) for c in NUMPY_COLUMNS)
    print(f"symphonies={args.symphonies} days={args.days} rows={len(ours)}")
    print(f"sql symphony_metrics on the snapshot as the dashboard loads it (best of 3): {best_sql:.3f} s")
    print(
        f"sql symphony_metrics in a DuckDB CLI session (best of 3): {from_cli:.3f} s, after copying the snapshot into memory once: {cli_load:.3f} s"
    )
    print(
        f"the same metrics summed day by day (series_metrics over returns_in_range): {day_by_day:.3f} s -> {day_by_day / best_sql:.1f}x slower"
    )
    print(
        f"the last year: symphony_metrics {year_sql:.3f} s, summed day by day {year_day_by_day:.3f} s -> {year_day_by_day / year_sql:.1f}x slower"
    )
    print(f"empyrical/quantstats loop, same columns:         {ref_time:.3f} s  -> ours {ref_time / best_sql:.1f}x faster")
    print(f"empyrical/quantstats loop, nine core ratios only: {core_time:.3f} s  -> ours {core_time / best_sql:.1f}x faster")
    print(f"numpy, the core columns for every symphony at once (best of 3): {numpy_time:.3f} s")
    print(
        f"worst relative Sharpe difference, ours vs empyrical: {worst:.1e}; worst relative difference of a core column, ours vs numpy: {worst_numpy:.1e}"
    )
    print(f"sql/numpy ratio: {best_sql / numpy_time:.1f}")


if __name__ == "__main__":
    main()
