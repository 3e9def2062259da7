"""The dashboard's only door to the lake: one DuckDB connection per process, views loaded once
per snapshot, query results cached per snapshot.

Gunicorn forks workers, so the connection is opened on first use inside the worker, never at
import. Each request thread queries through its own cursor of that connection, which gets the
snapshot's DuckDB variables copied in (variables are per connection). Every 30 s at most (see
SNAPSHOT_CHECK_SECONDS) a request reads `manifests/latest.json`; a new run_id reloads the views
from the immutable `manifests/<run_id>.json`, so a new snapshot shows up without a restart.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from sql import duck
from webapp import queries
from webapp.config import WebConfig


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
        self._cache: dict[tuple, Any] = {}

    # connection and snapshot ---------------------------------------------------------------

    def _connections(self) -> tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection]:
        if self._pid != os.getpid():
            self._con = duck.connect(self.config.s3)
            # latest.json changes in place: read it where nothing about it is cached
            self._probe = duck.connect(self.config.s3)
            self._probe.execute("SET enable_external_file_cache = false")
            self._pid = os.getpid()
            self._snapshot, self._generation, self._cache = None, self._generation + 1, {}
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
        except duckdb.Error as exc:
            raise LakeUnavailable(f"Snapshot {run_id} could not be loaded: {str(exc).splitlines()[0][:300]}") from None
        self._snapshot = Snapshot(run_id=run_id, created_at=created_at)
        self._generation += 1
        self._cache = {}

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

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run a parameterized query on the current snapshot (never format user input into sql)."""
        self.snapshot()
        return self._cursor().execute(sql, params or []).df()

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """A value computed once per snapshot: snapshots are immutable."""
        run_id = self.snapshot().run_id
        full_key = (run_id, *key)
        if full_key not in self._cache:
            self._cache[full_key] = compute()
        return self._cache[full_key]

    def frame(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """A parameterized query's result, computed once per snapshot."""
        key = tuple(tuple(p) if isinstance(p, list) else p for p in params or [])
        return self.cached((sql, *key), lambda: self.query(sql, params))

    def what_if(self, weights: dict[str, float]) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Metrics and growth of a blend of symphonies at the given weights. The weights go in a
        temporary table of this thread's cursor (bound values, nothing formatted into SQL)."""
        self.snapshot()
        cursor = self._cursor()
        cursor.execute("create or replace temp table what_if_weights (symphony_id varchar, weight double)")
        cursor.executemany("insert into what_if_weights values (?, ?)", [[k, float(v)] for k, v in weights.items()])
        return cursor.execute(queries.WHAT_IF_METRICS).df(), cursor.execute(queries.WHAT_IF_EQUITY).df()

    def metrics(self) -> pd.DataFrame:
        return self.cached(
            ("metrics",),
            lambda: self.query("select * from symphony_metrics order by short_history nulls last, sharpe desc nulls last, name"),
        )

    def symphony_names(self) -> dict[str, str]:
        frame = self.metrics()
        return dict(zip(frame["symphony_id"], frame["name"]))

    def pnl(self, symphony_id: str) -> pd.DataFrame:
        return self.cached(
            ("pnl", symphony_id),
            lambda: self.query(
                "select date, value, cumulative_pnl, net_deposits from pnl_daily where symphony_id = ? order by date",
                [symphony_id],
            ),
        )


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
