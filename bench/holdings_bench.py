"""The per-symphony holdings history at scale: the first fetch (every window since the first
symphony's first day) and the nightly one (from the last stored day), requests and time, each as a
ratio against a baseline run in the same process: asking the same windows and dropping the answers
(the floor any client pays for Composer's answers), so the ratio is what normalizing and merging
them into the table adds. Then the views over the table: symphony_trades and trade_reconciliation.

    .venv/bin/python -m bench.holdings_bench [--symphonies 1000] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time

import pyarrow as pa
import pyarrow.parquet as pq

from bench.ingest_bench import start_sandbox
from ingest.activity_sync import report_windows
from ingest.client import ComposerClient
from ingest.holdings_history_sync import TABLE, collect_holdings_history
from ingest.snapshots import Previous
from sandbox.server import DEFAULT_KEY_ID, DEFAULT_SECRET
from sql import duck

FIRST_DAY = "2026-11-20"  # the night before: the history through it is what the nightly run finds
NIGHT = "2026-11-23"  # the next market day
WINDOW_DAYS = 30


class Stored(Previous):
    """The previous snapshot as the nightly run sees it: the first fetch's table and state."""

    def __init__(self, table: pa.Table, synced: dict):
        self.manifest, self._tables, self._synced = {}, {TABLE: table}, synced

    def table(self, name: str) -> pa.Table:
        return self._tables[name]

    def state(self, key: str) -> dict:
        return self._synced


def _client(url: str) -> ComposerClient:
    return ComposerClient(url, DEFAULT_KEY_ID, DEFAULT_SECRET)


def _listed(client: ComposerClient, accounts: list[str]) -> dict[str, list[dict]]:
    return {a: client.symphony_stats_meta(a) for a in accounts}


def _fetch(url: str, accounts: list[str], listed: dict, previous: Previous | None, today: dt.date) -> tuple[float, int, dict]:
    """Our step: (seconds, requests, per account (table, synced))."""
    with _client(url) as client:
        started = time.perf_counter()
        results = {a: collect_holdings_history(client, WINDOW_DAYS, a, listed[a], [], previous, today) for a in accounts}
        return time.perf_counter() - started, client.stats.requests, {a: (r.table, r.synced) for a, r in results.items()}


def _baseline(url: str, windows: dict[str, list[tuple[dt.date, dt.date]]]) -> tuple[float, int]:
    """The same windows asked and the answers dropped."""
    with _client(url) as client:
        started = time.perf_counter()
        for account, spans in windows.items():
            for first, last in spans:
                client.symphony_historical_holdings(account, first, last)
        return time.perf_counter() - started, client.stats.requests


def _windows(accounts: list[str], listed: dict, start: dict[str, dt.date | None], today: dt.date) -> dict:
    from ingest.holdings_history_sync import first_live_day

    return {a: report_windows(start[a] or first_live_day(listed[a]), today, WINDOW_DAYS) for a in accounts}


def _views(table: pa.Table, listed: dict, folder: str) -> None:
    """symphony_trades over the history (the first days' buys need the symphonies' first live
    days; no fills: every price is the holding's) against reading the same rows."""
    pq.write_table(table, f"{folder}/history.parquet")
    con = duck.connect(None)
    con.execute("set variable lake_files = map {'symphony_holdings_history': [?]}", [f"{folder}/history.parquet"])
    con.execute((duck.SQL_DIR / "sources" / "symphony_holdings_history.sql").read_text())
    first_days = [(e["id"], e["invested_since"]) for entries in listed.values() for e in entries]
    con.execute(
        "create table symphonies as select * from (values ('', '2000-01-01'::date)) t(symphony_id, invested_since) limit 0"
    )
    con.executemany("insert into symphonies values (?, ?::date)", first_days)
    con.execute(
        "create table activity (account_id varchar, date date, symbol varchar, kind varchar, side varchar, quantity double, notional double)"
    )
    con.execute((duck.SQL_DIR / "intermediate" / "symphony_trades.sql").read_text())
    timed = {}
    for name, sql in (("read the rows", "select count(*), sum(quantity) from symphony_holdings_history"),
                      ("symphony_trades", "select count(*), sum(notional) from symphony_trades")):  # fmt: skip
        con.execute(sql).fetchall()
        started = time.perf_counter()
        for _ in range(3):
            result = con.execute(sql).fetchone()
        timed[name] = ((time.perf_counter() - started) / 3, result[0])
    (base, _), (trades, count) = timed["read the rows"], timed["symphony_trades"]
    print(
        f"symphony_trades over {table.num_rows:,} rows: {count:,} trades in {trades * 1000:.0f} ms | reading the rows {base * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--symphonies", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    night = dt.date.fromisoformat(NIGHT)
    process, url = start_sandbox(args.symphonies, args.latency, limits=False, as_of=FIRST_DAY)
    try:
        with _client(url) as client:
            accounts = [a["account_uuid"] for a in client.accounts()]
            listed = _listed(client, accounts)
        windows = _windows(accounts, listed, dict.fromkeys(accounts), dt.date.fromisoformat(FIRST_DAY))
        _fetch(url, accounts, listed, None, dt.date.fromisoformat(FIRST_DAY))  # warm the sandbox's caches, untimed
        base_s, base_n = _baseline(url, windows)
        first_s, first_n, first = _fetch(url, accounts, listed, None, dt.date.fromisoformat(FIRST_DAY))
    finally:
        process.terminate()
    rows = sum(t.num_rows for t, _ in first.values())
    print(
        f"{args.symphonies} symphonies in {len(accounts)} accounts, {args.latency * 1000:.0f} ms added per request, {WINDOW_DAYS}-day windows"
    )
    print(
        f"first fetch:   {first_n} requests, {first_s:.1f} s ({rows:,} rows) | baseline {base_n} requests, {base_s:.1f} s | ratio {first_s / base_s:.2f}"
    )
    process, url = start_sandbox(args.symphonies, args.latency, limits=False, as_of=NIGHT)
    try:
        table = pa.concat_tables([t for t, _ in first.values()])
        previous = Stored(table, {a: synced for a, (_, synced) in first.items()})
        start = {a: dt.date.fromisoformat(s["through"]) for a, (_, s) in first.items()}
        nightly_windows = _windows(accounts, listed, start, night)
        _fetch(url, accounts, listed, previous, night)  # warm, untimed
        base_s, base_n = _baseline(url, nightly_windows)
        night_s, night_n, after = _fetch(url, accounts, listed, previous, night)
    finally:
        process.terminate()
    added = sum(t.num_rows for t, _ in after.values()) - rows
    print(
        f"nightly fetch: {night_n} requests, {night_s:.2f} s (+{added:,} rows) | baseline {base_n} requests, {base_s:.2f} s | ratio {night_s / base_s:.2f}"
    )
    with tempfile.TemporaryDirectory() as folder:
        _views(pa.concat_tables([t for t, _ in after.values()]), listed, folder)


if __name__ == "__main__":
    main()
