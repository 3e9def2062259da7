"""One snapshot's DuckDB connection, and the cursors request threads query it through.

DuckDB variables belong to one connection and a cursor is a connection of its own, so a cursor
gets the snapshot's variables (sql/000_parameters.sql) copied in when it is made. The report
scope is bound right before each query from the Scope the caller passes (duck.set_range): what a
query measures is its argument, never what an earlier query on the same cursor left behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from sql import duck
from webapp.report_scope import Scope

_loads = itertools.count(1)


@dataclass(frozen=True)
class Snapshot:
    run_id: str
    created_at: dt.datetime | None


@dataclass(eq=False)
class LoadedSnapshot:
    """One snapshot's connection and the cursors made from it, with how many requests use it."""

    con: duckdb.DuckDBPyConnection
    snapshot: Snapshot
    views: tuple = ()  # the view files it was loaded with (duck.views_fingerprint)
    load: int = field(default_factory=lambda: next(_loads))  # tells two loads of one run apart (an edited view)
    cursors: list[duckdb.DuckDBPyConnection] = field(default_factory=list)
    users: int = 0
    retired: bool = False
    closed: bool = False

    def new_cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = self.con.cursor()
        duck.copy_variables(self.con, cursor)
        self.cursors.append(cursor)
        return cursor

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


def execute(con: duckdb.DuckDBPyConnection, sql: str, scope: Scope, params: dict | list | None = None) -> pd.DataFrame:
    """`sql` over `scope`, with its parameters bound (never formatted into the text)."""
    duck.set_range(con, scope.start, scope.end, scope.account_id)
    return con.execute(sql, params or []).df()
