"""What `python -m ingest live` and the dashboard's live poll cost, as ratios against a baseline
measured in the same process.

    .venv/bin/python -m bench.live_bench [--symphonies 1000] [--latency 0.05] [--polls 40] [--days 2520]

1. A reading at 1,000 symphonies against the sandbox (in this process, `--latency` seconds added to
   every request): its requests, and its time (fetch, normalize, rewrite the day's file, publish the
   pointer) against the baseline of fetching the same two answers per account and doing nothing
   with them; first as the day's first reading, then as its 78th (the day's file holding 77).
2. The overview's live poll (the `show_live` callback: pointer, live_today, intraday chart,
   leaderboard column) on a lake of 1,000 symphonies with a full day of readings, p50 and p95 over
   `--polls` calls, against the baseline of reading the live pointer alone, which every poll pays.
3. The live alert rules after a reading, on a snapshot of 1,000 symphonies x `--days`, against the
   baseline of copying that snapshot (what the nightly alerts step pays too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import logging
import statistics
import tempfile
import threading
import time
from zoneinfo import ZoneInfo

import httpx
import numpy as np
import orjson
import pyarrow as pa
from werkzeug.serving import make_server

from bench.metrics_bench import build_lake
from ingest.client import ComposerClient
from ingest.lake import Lake
from ingest.live import intraday_lake, job, market_hours
from ingest.normalize import intraday
from sandbox.server import DEFAULT_KEY_ID, DEFAULT_SECRET, SandboxSettings, create_app

DAY = "2026-11-30"
NEW_YORK = ZoneInfo("America/New_York")


def et(day: str, time_of_day: str) -> dt.datetime:
    """New York wall-clock time as an aware UTC datetime."""
    return dt.datetime.fromisoformat(f"{day}T{time_of_day}").replace(tzinfo=NEW_YORK).astimezone(dt.UTC)


def serve(app) -> tuple[str, object]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


READINGS_A_DAY = 78  # 09:30 to 15:55 every 5 minutes


def _timed(work) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def reading_cost(symphonies: int, latency: float) -> None:
    app = create_app(SandboxSettings(size=symphonies, now=et(DAY, "10:00"), rate_limits=None, latency_s=latency))
    url, server = serve(app)
    accounts = app.config["SANDBOX_ACCOUNT"].account_uuids
    headers = {"x-api-key-id": DEFAULT_KEY_ID, "Authorization": f"Bearer {DEFAULT_SECRET}"}
    with tempfile.TemporaryDirectory() as root, ComposerClient(url, DEFAULT_KEY_ID, DEFAULT_SECRET) as client:
        lake = Lake(root)
        sessions = market_hours.parse(client.get("/deploy/market-hours"))
        session = market_hours.current(sessions, et(DAY, "10:00"))

        def fetch_only():
            with httpx.Client(base_url=f"{url}/api/v0.1", headers=headers, timeout=120) as http:
                for account in accounts:
                    http.get(f"/portfolio/accounts/{account}/total-stats").raise_for_status()
                    http.get(f"/portfolio/accounts/{account}/symphony-stats-meta").raise_for_status()

        def reading(now):
            rows, _ = job.take_reading(client, accounts, session, now, 300)
            return intraday_lake.append(
                lake, intraday.reading_table(rows), session.market_date, 30, now, market_hours.as_json(sessions)
            )

        fetch_only()  # warm the sandbox's caches, as a running account is
        baseline, _ = _timed(fetch_only)
        before = app.config["SANDBOX_STATS"]["requests"]
        first, pointer = _timed(lambda: reading(et(DAY, "10:00")))
        requests = app.config["SANDBOX_STATS"]["requests"] - before
        day_file = lake.read_table([pointer["days"][DAY]["file"]], intraday.INTRADAY_SCHEMA)
        copies = [
            day_file.set_column(
                1, "reading_at", pa.array([et(DAY, "09:30") + dt.timedelta(minutes=5 * n)] * day_file.num_rows, intraday.UTC_TIME)
            )
            for n in range(READINGS_A_DAY - 2)
        ]
        intraday_lake.append(lake, pa.concat_tables(copies), session.market_date, 30, et(DAY, "15:49"), [])
        last, pointer = _timed(lambda: reading(et(DAY, "15:55")))
    server.shutdown()
    rows = pointer["days"][DAY]["rows"]
    print(f"a reading: {symphonies} symphonies in {len(accounts)} accounts, {latency * 1000:.0f} ms per request")
    print(f"  requests: {requests} ({requests // len(accounts)} per account)")
    print(f"  baseline, the {requests} answers fetched and dropped: {baseline * 1000:.0f} ms")
    print(f"  the day's first reading: {first * 1000:.0f} ms (ratio {first / baseline:.2f})")
    print(
        f"  the day's 78th reading ({rows:,} rows in the day's file after it): {last * 1000:.0f} ms (ratio {last / baseline:.2f})"
    )


def _fill_day(root: str, symphonies: int) -> None:
    """A full day of readings of the bench lake's one account and its symphonies."""
    lake, rng = Lake(root), np.random.default_rng(5)
    opens = et(DAY, "09:30")
    session = {"market_date": DAY, "open": opens.isoformat(), "close": et(DAY, "16:00").isoformat()}
    tables = []
    for n in range(READINGS_A_DAY):
        when = intraday.when(dt.date.fromisoformat(DAY), opens + dt.timedelta(minutes=5 * n), opens, et(DAY, "16:00"), 300)
        changes = rng.normal(0, 0.01, symphonies)
        totals = {"portfolio_value": 1e6, "todays_dollar_change": 1e3, "todays_percent_change": 0.001}
        entries = [
            {"id": f"sym{i:05d}", "value": 1000.0, "last_dollar_change": c * 1000, "last_percent_change": c}
            for i, c in enumerate(changes)
        ]
        tables.append(intraday.reading_table(intraday.reading_rows("acct", totals, entries, when)[0]))
    intraday_lake.append(lake, pa.concat_tables(tables), dt.date.fromisoformat(DAY), 30, et(DAY, "15:55"), [session])


def _pointer_alone(lake, root: str) -> dict | None:
    """What every poll pays before anything else: the live pointer read, as the poll reads it."""
    from sql import live_files
    from webapp.store import connection

    with lake.cursor() as cursor, connection.exclusive():
        return live_files.pointer(cursor, root)


def poll_cost(symphonies: int, polls: int) -> None:
    from webapp.config import WebConfig
    from webapp.pages import overview, overview_live
    from webapp.store import LakeData

    with tempfile.TemporaryDirectory() as root:
        build_lake(root, symphonies, 252)
        _fill_day(root, symphonies)
        lake = LakeData(WebConfig(data_url=root), clock=lambda: et(DAY, "15:57"))
        try:
            columns, rows = (orjson.loads(orjson.dumps(x)) for x in overview.load_overview(lake, None, None)[:2])
            overview_live.show_live(lake, "x", None, None, columns, rows)  # the first, as the page's own
            pointer = [_timed(lambda: _pointer_alone(lake, root))[0] for _ in range(polls)]
            poll = [
                _timed(functools.partial(overview_live.show_live, lake, None, n, None, columns, rows))[0] for n in range(polls)
            ]
        finally:
            lake.close()

    def p95(values: list[float]) -> float:
        return float(np.percentile(values, 95)) * 1000

    print(f"the overview's live poll: {symphonies} symphonies, {READINGS_A_DAY} readings today, {polls} polls")
    print(f"  baseline, the live pointer read alone: p50 {statistics.median(pointer) * 1000:.1f} ms, p95 {p95(pointer):.1f} ms")
    print(
        f"  the whole poll: p50 {statistics.median(poll) * 1000:.1f} ms, p95 {p95(poll):.1f} ms (p95 ratio {p95(poll) / p95(pointer):.1f})"
    )


def alerts_cost(symphonies: int, days: int) -> None:
    """The live rules after a reading (ingest/alerts/live_runner.py: the published snapshot copied,
    then sql/alerts/live/*.sql) against the baseline of the copy alone."""
    from ingest.alerts import live_runner
    from ingest.config import IngestConfig
    from sql import duck

    with tempfile.TemporaryDirectory() as root:
        build_lake(root, symphonies, days)
        _fill_day(root, symphonies)
        config = IngestConfig(data_url=root)

        def copy_only() -> None:
            with duck.snapshot_copy(config.s3, root, None, config.metrics, config.memory_mb):
                pass

        copy, _ = _timed(copy_only)
        rules, summary = _timed(lambda: live_runner.run(config, Lake(root), dt.date.fromisoformat(DAY), et(DAY, "15:57")))
    print(f"the live alert rules after a reading: {symphonies} symphonies x {days} days, {summary.lines()[0]}")
    print(f"  baseline, the snapshot copied: {copy:.2f} s; copy and rules: {rules:.2f} s (ratio {rules / copy:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--symphonies", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--polls", type=int, default=40)
    parser.add_argument("--days", type=int, default=2520, help="days of history for the live alert rules' snapshot")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the in-process sandbox's request lines
    reading_cost(args.symphonies, args.latency)
    poll_cost(args.symphonies, args.polls)
    alerts_cost(args.symphonies, args.days)


if __name__ == "__main__":
    main()
