"""The dashboard's only door to the lake: one DuckDB connection per snapshot, views loaded once
per snapshot, query results cached per snapshot.

A snapshot is immutable, so on load its tables (and `daily_returns`, which every metric view
reads) are copied into memory tables once (DASHBOARD_MATERIALIZE, on by default): queries never
go back to S3 for data the process already has. Results (and the pages' built figures) are cached
per snapshot, query, parameters and report period, in a bounded LRU (DASHBOARD_CACHE_ENTRIES).

Gunicorn forks workers, so connections are opened inside the worker, never at import; the
worker loads the snapshot and the overview's first queries as it starts (gunicorn.conf.py). Each
request thread queries through its own cursor of the snapshot's connection, which gets the
snapshot's DuckDB variables copied in (variables are per connection). Every 30 s at most (see
SNAPSHOT_CHECK_SECONDS) a request reads `manifests/latest.json`; a new run_id is loaded on a new
connection in a background thread from the immutable `manifests/<run_id>.json` while the current
snapshot is still served, then swapped in: a new snapshot shows up without a restart, and no
request waits for it. While both are in memory the process holds two snapshots.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from sql import duck
from webapp import date_range, queries
from webapp.config import WebConfig
from webapp.report_scope import ALL_HISTORY, Scope

_TABLE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


class LakeUnavailable(Exception):
    """No snapshot can be read; the message says what to do and holds no secret."""


@dataclass(frozen=True)
class Snapshot:
    run_id: str
    created_at: dt.datetime | None


class LakeData:
    def __init__(self, config: WebConfig):
        self.config = config
        self._lock = threading.RLock()
        self._local = threading.local()
        self._pid: int | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._probe: duckdb.DuckDBPyConnection | None = None
        self._snapshot: Snapshot | None = None
        self._loading: str | None = None
        self._checked_at = 0.0
        self._generation = 0
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._connections: list[duckdb.DuckDBPyConnection] = []  # every connection and cursor, to interrupt

    # connection and snapshot ---------------------------------------------------------------

    def _probe_connection(self) -> duckdb.DuckDBPyConnection:
        """The connection that reads latest.json, opened once per process (gunicorn forks)."""
        if self._pid != os.getpid():
            # latest.json changes in place: read it where nothing about it is cached
            self._probe = duck.connect(self.config.s3)
            self._probe.execute("SET enable_external_file_cache = false")
            self._pid = os.getpid()
            self._con, self._snapshot, self._loading, self._generation = None, None, None, self._generation + 1
            self._cache.clear()
        return self._probe

    def snapshot(self) -> Snapshot:
        """The snapshot being served. At most every check interval, latest.json is read; a newer
        snapshot is loaded off to the side while this one is still served, and swapped in when
        it is ready (so no request waits for a load, except the very first one)."""
        with self._lock:
            probe = self._probe_connection()
            now = time.monotonic()
            if self._snapshot and now - self._checked_at < self.config.snapshot_check_seconds:
                return self._snapshot
            try:
                run_id = duck.read_latest_run_id(probe, self.config.data_url)
            except duckdb.Error as exc:
                if self._snapshot:
                    return self._snapshot  # keep serving the last good snapshot
                raise LakeUnavailable(self._unavailable_message(exc)) from None
            self._checked_at = now
            if self._snapshot is None:
                self._install(*self._build(run_id))
            elif run_id != self._snapshot.run_id and self._loading is None:
                self._loading = run_id
                self._start(self._load_in_background, run_id)
            return self._snapshot

    def check(self) -> Snapshot:
        """For health checks: read latest.json now (no cache) and fail when the lake cannot be read,
        even while the app keeps serving the last good snapshot to users."""
        with self._lock:
            probe = self._probe_connection()
            try:
                duck.read_latest_run_id(probe, self.config.data_url)
            except duckdb.Error as exc:
                raise LakeUnavailable(self._unavailable_message(exc)) from None
        return self.snapshot()

    def start_warm_up(self) -> None:
        """warm_up() in a background thread (gunicorn calls this when a worker starts)."""
        self._start(self.warm_up)

    def close(self) -> None:
        """Stop background work and interrupt running queries, so a worker exits at once
        (a DuckDB query still running in a thread can hold up the interpreter's exit)."""
        self._stopping.set()
        # no lock: a first load holds it for as long as it runs, and this must not wait for that
        connections = [c for c in (self._probe, self._con, *self._connections) if c is not None]
        for con in connections:
            try:
                con.interrupt()
            except duckdb.Error:
                pass
        for thread in self._threads:
            thread.join(timeout=5)

    def _track(self, con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
        """Remember a connection or cursor for close() (the newest 64: threads × snapshots)."""
        with self._lock:
            self._connections = [*self._connections[-63:], con]
        return con

    def _start(self, target: Callable, *args: object) -> None:
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()]
            thread = threading.Thread(target=target, args=args, name=target.__name__, daemon=True)
            self._threads.append(thread)
        thread.start()

    def warm_up(self) -> None:
        """Load the snapshot now and compute what the overview shows first, for the whole history
        and then every preset period (gunicorn calls this in a thread when a worker starts, so the
        first visitor does not wait for it)."""
        try:
            self.snapshot()
            for sql, params, period in WARM:
                if self._stopping.is_set():
                    return
                self.frame(sql, params, period)
        except LakeUnavailable:
            return  # the pages say what to do; nothing to warm yet
        self._warm_presets()

    def _warm_presets(self) -> None:
        """The overview's queries for every preset period too, so a click on 1Y finds them ready."""
        try:
            last_day = self.data_span()[1]
            for preset in date_range.PRESETS:
                scope = Scope(*date_range.Period(preset).bounds(last_day))
                for sql, params, _ in WARM:
                    if self._stopping.is_set():
                        return
                    self.frame(sql, params, scope)
        except (LakeUnavailable, duckdb.Error):
            pass  # a page that needs them computes them and says what went wrong

    def _build(self, run_id: str) -> tuple[duckdb.DuckDBPyConnection, Snapshot, dict]:
        """A new connection with the views over one snapshot (its tables copied into memory), and
        the overview's first queries computed on it."""
        con = self._track(duck.connect(self.config.s3))
        try:
            duck.load_views(
                con,
                self.config.data_url,
                manifest_key=f"manifests/{run_id}.json",
                params=self.config.metrics,
                sql_dir=self.config.sql_dir,
            )
            (created_at,) = con.execute("select created_at from snapshot").fetchone()
            if self.config.materialize:
                self._materialize(con)
            warmed = {(run_id, *self._frame_key(*warm)): self._run(con, *warm) for warm in WARM}
        except duckdb.Error as exc:
            con.close()
            raise LakeUnavailable(f"Snapshot {run_id} could not be loaded: {str(exc).splitlines()[0][:300]}") from None
        return con, Snapshot(run_id=run_id, created_at=created_at), warmed

    def _install(self, con: duckdb.DuckDBPyConnection, snapshot: Snapshot, warmed: dict) -> None:
        """Serve a built snapshot: threads pick up cursors of the new connection on their next
        query; the old connection goes when its last cursor does."""
        with self._lock:
            self._con, self._snapshot = con, snapshot
            self._generation += 1
            self._cache.clear()
            self._cache.update(warmed)
            while len(self._cache) > self.config.cache_entries:
                self._cache.popitem(last=False)

    def _load_in_background(self, run_id: str) -> None:
        try:
            self._install(*self._build(run_id))
        except LakeUnavailable:
            return  # keep serving the current snapshot; the next check tries again
        finally:
            with self._lock:
                self._loading = None
        self._warm_presets()

    @staticmethod
    def _materialize(con: duckdb.DuckDBPyConnection) -> None:
        """Copy the snapshot's tables and daily_returns into memory, and point the views at the
        copies: every later query reads memory, not S3. The copies hold exactly what the
        immutable files hold, so every view's result is unchanged. daily_values is left where it
        is: daily_returns, which every view reads, holds all of its columns (a quarter of the
        memory of a large account)."""
        tables = [row[0] for row in con.execute("select unnest(map_keys(getvariable('lake_files')))").fetchall()]
        views = {row[0] for row in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
        for name in [t for t in tables if t in views and t != "daily_values"] + ["daily_returns"]:
            if not _TABLE_NAME.match(name):
                continue
            con.execute(f'create or replace table "memory_{name}" as from "{name}"')
            con.execute(f'create or replace view "{name}" as from "memory_{name}"')

    def _unavailable_message(self, exc: Exception) -> str:
        where = self.config.data_url
        if "No files found" in str(exc) or "404" in str(exc) or "does not exist" in str(exc):
            return f"No snapshot has been published to {where} yet. Run the ingest job (`python -m ingest run`, or `make run` for the demo) and reload."
        return (
            f"The lake at {where} cannot be read ({type(exc).__name__}). Check DATA_URL, the AWS credentials and S3_ENDPOINT_URL."
        )

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        local = self._local
        if getattr(local, "generation", None) != self._generation:
            with self._lock:
                cursor = self._con.cursor()
                self._track(cursor)
                duck.copy_variables(self._con, cursor)
                local.cursor, local.generation, local.period = cursor, self._generation, None
        return local.cursor

    def _period_cursor(self, scope: Scope) -> duckdb.DuckDBPyConnection:
        """This thread's cursor with the report scope set (the views read it as variables)."""
        cursor = self._cursor()
        if self._local.period != scope:
            duck.set_range(cursor, scope.start, scope.end, scope.account_id)
            self._local.period = scope
        return cursor

    # queries ---------------------------------------------------------------------------------

    @staticmethod
    def _frame_key(sql: str, params: list | None, period: Scope) -> tuple:
        """What a query's result depends on besides the snapshot (lists made hashable)."""
        return (sql, tuple(tuple(p) if isinstance(p, list) else p for p in params or []), period)

    @staticmethod
    def _run(con: duckdb.DuckDBPyConnection, sql: str, params: list | None, period: Scope) -> pd.DataFrame:
        duck.set_range(con, period.start, period.end, period.account_id)
        return con.execute(sql, params or []).df()

    def query(self, sql: str, params: list | None = None, period: Scope = ALL_HISTORY) -> pd.DataFrame:
        """Run a parameterized query on the current snapshot over the report period (never format
        user input into sql)."""
        self.snapshot()
        return self._period_cursor(period).execute(sql, params or []).df()

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """A value computed once per snapshot (snapshots are immutable), kept while it is among the
        most recently used DASHBOARD_CACHE_ENTRIES values. `key` must say everything the value
        depends on besides the snapshot."""
        run_id = self.snapshot().run_id
        full_key = (run_id, *key)
        with self._lock:
            if full_key in self._cache:
                self._cache.move_to_end(full_key)
                return self._cache[full_key]
        value = compute()
        with self._lock:
            if self._snapshot is not None and self._snapshot.run_id == run_id:  # not if a new one came meanwhile
                self._cache[full_key] = value
                while len(self._cache) > self.config.cache_entries:
                    self._cache.popitem(last=False)
        return value

    def frame(self, sql: str, params: list | None = None, period: Scope = ALL_HISTORY) -> pd.DataFrame:
        """A parameterized query's result over the period, computed once per snapshot."""
        return self.cached(self._frame_key(sql, params, period), lambda: self.query(sql, params, period))

    def what_if(self, weights: dict[str, float], period: Scope = ALL_HISTORY) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Metrics and growth of a blend of symphonies at the given weights. The weights go in a
        temporary table of this thread's cursor (bound values, nothing formatted into SQL)."""

        def compute() -> tuple[pd.DataFrame, pd.DataFrame]:
            cursor = self._period_cursor(period)
            cursor.execute("create or replace temp table what_if_weights (symphony_id varchar, weight double)")
            cursor.executemany("insert into what_if_weights values (?, ?)", [[k, float(v)] for k, v in weights.items()])
            return cursor.execute(queries.WHAT_IF_METRICS).df(), cursor.execute(queries.WHAT_IF_EQUITY).df()

        return self.cached(("what-if", tuple(sorted(weights.items())), period), compute)

    def metrics(self, period: Scope = ALL_HISTORY) -> pd.DataFrame:
        """symphony_metrics over the period, for the symphonies with data in it."""
        return self.frame(queries.LEADERBOARD, period=period)

    def symphony_names(self) -> dict[str, str]:
        frame = self.frame(queries.SYMPHONY_NAMES)
        return dict(zip(frame["symphony_id"], frame["name"]))

    def data_span(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last trading day in the snapshot (presets count back from the last)."""
        frame = self.frame(queries.DATA_SPAN)
        first, last = frame.iloc[0]
        return (None if pd.isna(first) else first.date(), None if pd.isna(last) else last.date())

    def pnl(self, symphony_id: str, period: Scope = ALL_HISTORY) -> pd.DataFrame:
        return self.frame(queries.PNL, [symphony_id], period)

    def accounts(self) -> dict[str, str]:
        """Every account of the snapshot: its id and its type (INDIVIDUAL, ROTH_IRA, ...)."""
        frame = self.frame(queries.ACCOUNTS)
        return dict(zip(frame["account_id"], frame["account_type"]))

    def symphony_accounts(self) -> dict[str, str]:
        """The account each symphony trades in."""
        frame = self.frame(queries.SYMPHONY_ACCOUNTS)
        return dict(zip(frame["symphony_id"], frame["account_id"]))


# what the overview shows first, for the whole history: computed when a snapshot is loaded
WARM: list[tuple[str, list | None, Scope]] = [
    (queries.SYMPHONY_NAMES, None, ALL_HISTORY),
    (queries.DATA_SPAN, None, ALL_HISTORY),
    (queries.LEADERBOARD, None, ALL_HISTORY),
    (queries.TRENDS, None, ALL_HISTORY),
    (queries.ACCOUNT_KPIS, None, ALL_HISTORY),
    (queries.ACCOUNT_SERIES, None, ALL_HISTORY),
]

_store: LakeData | None = None


def store() -> LakeData:
    """The process's LakeData, built from the environment on first use."""
    global _store
    if _store is None:
        _store = LakeData(WebConfig.from_env())
    return _store


def use_store(data: LakeData) -> None:
    """Swap the store (tests point the app at their own lake)."""
    global _store
    _store = data
