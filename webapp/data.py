"""The dashboard's only door to the lake: one DuckDB connection per process, views loaded once
per snapshot, query results cached per snapshot.

A snapshot is immutable, so on load its tables (and `daily_returns`, which every metric view
reads) are copied into memory tables once (DASHBOARD_MATERIALIZE, on by default): queries never
go back to S3 for data the process already has. Results are cached per snapshot, query,
parameters and report period, in a bounded LRU (DASHBOARD_CACHE_ENTRIES).

Gunicorn forks workers, so the connection is opened on first use inside the worker, never at
import. Each request thread queries through its own cursor of that connection, which gets the
snapshot's DuckDB variables copied in (variables are per connection). Every 30 s at most (see
SNAPSHOT_CHECK_SECONDS) a request reads `manifests/latest.json`; a new run_id reloads the views
from the immutable `manifests/<run_id>.json`, so a new snapshot shows up without a restart.
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
from webapp import queries
from webapp.config import WebConfig

Bounds = tuple[dt.date | None, dt.date | None]
ALL_HISTORY: Bounds = (None, None)
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
        self._checked_at = 0.0
        self._generation = 0
        self._cache: OrderedDict[tuple, Any] = OrderedDict()

    # connection and snapshot ---------------------------------------------------------------

    def _connections(self) -> tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection]:
        if self._pid != os.getpid():
            self._con = duck.connect(self.config.s3)
            # latest.json changes in place: read it where nothing about it is cached
            self._probe = duck.connect(self.config.s3)
            self._probe.execute("SET enable_external_file_cache = false")
            self._pid = os.getpid()
            self._snapshot, self._generation = None, self._generation + 1
            self._cache.clear()
        return self._con, self._probe

    def snapshot(self) -> Snapshot:
        """The snapshot being served, switching to a newer one at most every check interval."""
        with self._lock:
            con, probe = self._connections()
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
            if not self._snapshot or self._snapshot.run_id != run_id:
                self._load(con, run_id)
            return self._snapshot

    def check(self) -> Snapshot:
        """For health checks: read latest.json now (no cache) and fail when the lake cannot be read,
        even while the app keeps serving the last good snapshot to users."""
        with self._lock:
            _, probe = self._connections()
            try:
                duck.read_latest_run_id(probe, self.config.data_url)
            except duckdb.Error as exc:
                raise LakeUnavailable(self._unavailable_message(exc)) from None
        return self.snapshot()

    def _load(self, con: duckdb.DuckDBPyConnection, run_id: str) -> None:
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
        except duckdb.Error as exc:
            raise LakeUnavailable(f"Snapshot {run_id} could not be loaded: {str(exc).splitlines()[0][:300]}") from None
        self._snapshot = Snapshot(run_id=run_id, created_at=created_at)
        self._generation += 1
        with self._lock:
            self._cache.clear()

    @staticmethod
    def _materialize(con: duckdb.DuckDBPyConnection) -> None:
        """Copy the snapshot's tables and daily_returns into memory, and point the views at the
        copies: every later query reads memory, not S3. The copies hold exactly what the
        immutable files hold, so every view's result is unchanged."""
        tables = [row[0] for row in con.execute("select unnest(map_keys(getvariable('lake_files')))").fetchall()]
        views = {row[0] for row in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
        for name in [t for t in tables if t in views] + ["daily_returns"]:
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
                duck.copy_variables(self._con, cursor)
                local.cursor, local.generation = cursor, self._generation
        return local.cursor

    # queries ---------------------------------------------------------------------------------

    def _period_cursor(self, period: Bounds) -> duckdb.DuckDBPyConnection:
        """This thread's cursor with the report period set (the views read it as variables)."""
        cursor = self._cursor()
        local = self._local
        if getattr(local, "period", None) != (self._generation, period):
            duck.set_range(cursor, *period)
            local.period = (self._generation, period)
        return cursor

    def query(self, sql: str, params: list | None = None, period: Bounds = ALL_HISTORY) -> pd.DataFrame:
        """Run a parameterized query on the current snapshot over the report period (never format
        user input into sql)."""
        self.snapshot()
        return self._period_cursor(period).execute(sql, params or []).df()

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """A value computed once per snapshot (snapshots are immutable), kept while it is among the
        most recently used DASHBOARD_CACHE_ENTRIES values."""
        full_key = (self.snapshot().run_id, *key)
        with self._lock:
            if full_key in self._cache:
                self._cache.move_to_end(full_key)
                return self._cache[full_key]
        value = compute()
        with self._lock:
            self._cache[full_key] = value
            while len(self._cache) > self.config.cache_entries:
                self._cache.popitem(last=False)
        return value

    def frame(self, sql: str, params: list | None = None, period: Bounds = ALL_HISTORY) -> pd.DataFrame:
        """A parameterized query's result over the period, computed once per snapshot."""
        key = tuple(tuple(p) if isinstance(p, list) else p for p in params or [])
        return self.cached((sql, key, period), lambda: self.query(sql, params, period))

    def what_if(self, weights: dict[str, float], period: Bounds = ALL_HISTORY) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Metrics and growth of a blend of symphonies at the given weights. The weights go in a
        temporary table of this thread's cursor (bound values, nothing formatted into SQL)."""
        self.snapshot()
        cursor = self._period_cursor(period)
        cursor.execute("create or replace temp table what_if_weights (symphony_id varchar, weight double)")
        cursor.executemany("insert into what_if_weights values (?, ?)", [[k, float(v)] for k, v in weights.items()])
        return cursor.execute(queries.WHAT_IF_METRICS).df(), cursor.execute(queries.WHAT_IF_EQUITY).df()

    def metrics(self, period: Bounds = ALL_HISTORY) -> pd.DataFrame:
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

    def pnl(self, symphony_id: str, period: Bounds = ALL_HISTORY) -> pd.DataFrame:
        return self.frame(queries.PNL, [symphony_id], period)


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
