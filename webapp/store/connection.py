"""One snapshot's DuckDB connection, and the cursors request threads query it through.

DuckDB variables belong to one connection and a cursor is a connection of its own, so a cursor
gets the snapshot's variables (sql/parameters.sql) copied in when it is made. The report
scope is bound right before each query from the Scope the caller passes (duck.set_range): what a
query measures is its argument, never what an earlier query on the same cursor left behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
import logging
import pathlib
import threading
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from sql import duck
from webapp.report import Scope
from webapp.store import disk

log = logging.getLogger("webapp.snapshots")
_loads = itertools.count(1)
# one DuckDB query at a time per worker: each may use every DuckDB thread and all of
# DASHBOARD_MEMORY_MB, so two at once would run out of memory rather than finish sooner (a small
# instance has one core or less); answers already cached never wait here. Loading a snapshot
# holds it too (re-entrant: its first queries run inside), so a load and a query never add up.
_ONE_QUERY_AT_A_TIME = threading.RLock()


def exclusive() -> threading.RLock:
    """Held while DuckDB works for this worker: `with exclusive(): ...`."""
    return _ONE_QUERY_AT_A_TIME


@dataclass(frozen=True)
class Snapshot:
    run_id: str
    created_at: dt.datetime | None


@dataclass(eq=False)
class LoadedSnapshot:
    """One snapshot's connection and the cursors made from it, with how many requests use it."""

    con: duckdb.DuckDBPyConnection
    snapshot: Snapshot
    database: pathlib.Path | None = None  # the local file its tables were copied into, removed on close
    views: tuple = ()  # the view files it was loaded with (duck.views_fingerprint)
    load: int = field(default_factory=lambda: next(_loads))  # tells two loads of one run apart (an edited view)
    cursors: list[duckdb.DuckDBPyConnection] = field(default_factory=list)
    users: int = 0
    retired: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)  # for `con` itself; each cursor is its thread's
    closed: bool = False

    @property
    def version(self) -> str:
        """The run and the view files it was loaded with, the same in every worker: a new snapshot
        or an edit to the views changes it, and the open pages render again."""
        return f"{self.snapshot.run_id}:{hashlib.sha256(repr(self.views).encode()).hexdigest()[:8]}"

    def new_cursor(self) -> duckdb.DuckDBPyConnection:
        with self.lock:
            cursor = self.con.cursor()
            duck.copy_variables(self.con, cursor)
            self.cursors.append(cursor)
        return cursor

    def on_main(self, sql: str) -> None:
        """A statement on the snapshot's own connection, which threads share (so one at a time)."""
        with self.lock:
            self.con.execute(sql)

    def interrupt(self) -> None:
        for con in [self.con, *self.cursors]:
            with contextlib.suppress(duckdb.Error):
                con.interrupt()

    def close(self) -> None:
        self.closed = True
        for con in [*self.cursors, self.con]:
            with contextlib.suppress(duckdb.Error):
                con.close()
        self.cursors.clear()
        if self.database is not None:
            disk.remove(self.database)


def execute(con: duckdb.DuckDBPyConnection, sql: str, scope: Scope, params: dict | list | None = None) -> pd.DataFrame:
    """`sql` over `scope`, with its parameters bound (never formatted into the text)."""
    with _ONE_QUERY_AT_A_TIME:
        duck.set_range(con, scope.start, scope.end, scope.account_id)
        try:
            return con.execute(sql, params or []).df()
        except duckdb.OutOfMemoryException:
            # two threads' working sets did not fit in DASHBOARD_MEMORY_MB; one thread needs about
            # half (the queries run one at a time, so the setting is this query's alone)
            log.warning("a query ran out of DASHBOARD_MEMORY_MB with several threads; running it again on one")
            (threads,) = con.execute("select current_setting('threads')").fetchone()
            con.execute("SET threads = 1")
            try:
                return con.execute(sql, params or []).df()
            finally:
                con.execute(f"SET threads = {int(threads)}")
