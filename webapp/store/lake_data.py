"""LakeData: the served snapshot (snapshots.py) with its cursors (connection.py) and its results
cache (cache.py). The app builds one and passes it to every page, callback and reader (`Lake` is
what a reader needs of it); a snapshot being prepared, before it is served, is read through a
`PreparingSnapshot` with the same methods."""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import duckdb
import pandas as pd

from webapp import alert_board, date_range
from webapp.config import WebConfig
from webapp.report import ALL_HISTORY, Report, Scope
from webapp.store import connection, readers
from webapp.store.cache import ResultCache
from webapp.store.connection import LoadedSnapshot
from webapp.store.loading import LakeUnavailable
from webapp.store.snapshots import Snapshots


class Lake(Protocol):
    """What a reader (readers.py) needs of the lake it is given."""

    config: WebConfig

    def cursor(self) -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]: ...

    def execute(
        self,
        sql: str,
        scope: Scope = ALL_HISTORY,
        params: dict | list | None = None,
        cursor: duckdb.DuckDBPyConnection | None = None,
    ) -> pd.DataFrame: ...

    def remember(self, key: tuple, compute: Callable[[], Any]) -> Any: ...


# every store of the process, closed at exit: a DuckDB query still running in a daemon thread
# when the interpreter finalizes aborts the process (std::terminate, exit status 134)
_OPEN: weakref.WeakSet[LakeData] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for data in list(_OPEN):
        data.close()


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class LakeData(Snapshots):
    def __init__(self, config: WebConfig, clock: Callable[[], dt.datetime] = system_clock):
        super().__init__(config)
        _OPEN.add(self)
        self.results = ResultCache(config.cache_entries)
        self._local = threading.local()
        self.clock = clock  # what "now" is for the intraday readings (market open, a reading's age)

    # what is computed on a snapshot ------------------------------------------------------------

    def prepare(self, loaded: LoadedSnapshot) -> None:
        """The overview's first queries, on the new snapshot before it is served."""
        preparing = PreparingSnapshot(self, loaded)
        for reader, args in readers.FIRST_PAINT:
            reader(preparing, *args)

    def after_swap(self) -> None:
        self._warm_presets()

    def forget(self) -> None:
        current = self._current
        if current is None:
            self.results.clear()
        else:
            self.results.keep_only(current.load)

    def start_warm_up(self) -> None:
        """warm_up() in a background thread (gunicorn calls this when a worker starts)."""
        self.background.start(self.warm_up)

    def warm_up(self) -> None:
        """Load the snapshot now, then the overview's queries for every preset period, so the
        first visitor (and the first click on 1Y) does not wait for them."""
        try:
            self.snapshot()
        except LakeUnavailable:
            return  # the pages say what to do; nothing to warm yet
        self._warm_presets()

    def _warm_presets(self) -> None:
        try:
            for preset in date_range.PRESETS:
                report = Report(date_range.Period(preset))
                for reader, args in readers.FIRST_PAINT:
                    if self.background.stopping.is_set():
                        return
                    reader(self, *[report if isinstance(a, Report) else a for a in args])
        except (LakeUnavailable, duckdb.Error):
            pass  # a page that needs them computes them and says what went wrong

    # queries -----------------------------------------------------------------------------------

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """This thread's cursor of the snapshot served; the snapshot stays open until the block ends."""
        loaded = self.loaded()
        with self._lock:
            loaded.users += 1
            local = self._local
            if getattr(local, "loaded", None) is not loaded:
                local.loaded, local.cursor = loaded, loaded.new_cursor()
        try:
            yield local.cursor
        finally:
            with self._lock:
                loaded.users -= 1
                if loaded.retired and loaded.users == 0 and not loaded.closed:
                    loaded.close()
                    local.loaded = None

    def execute(
        self,
        sql: str,
        scope: Scope = ALL_HISTORY,
        params: dict | list | None = None,
        cursor: duckdb.DuckDBPyConnection | None = None,
    ) -> pd.DataFrame:
        """A query with bound parameters over `scope` (never format user input into sql)."""
        if cursor is not None:
            return connection.execute(cursor, sql, scope, params)
        with self.cursor() as own:
            return connection.execute(own, sql, scope, params)

    def remember(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """`compute()` once per snapshot under `key` (see cache.cached, the way in)."""
        load = self.loaded().load

        def still_served() -> bool:  # not kept if a newer snapshot came while it was computed
            return self._current is not None and self._current.load == load

        return self.results.get_or_compute((load, *key), compute, keep=still_served)

    def alert_board(self) -> alert_board.Board:
        """The nightly job's alert state, read through the served snapshot's connection (it has
        the lake's credentials), at most once per check interval."""

        def read_text(url: str) -> str | None:
            frame = self.execute("select content from read_text(?)", params=[url])  # a missing file is no row
            return None if frame.empty else str(frame.iloc[0, 0])

        return alert_board.board(read_text, self.config.data_url, self.config.snapshot_check_seconds)


class PreparingSnapshot:
    """A loaded snapshot before it is served, as readers see a lake: its queries run on its own
    connection and their results go into the store's cache under its load number."""

    def __init__(self, lake: LakeData, loaded: LoadedSnapshot):
        self.config, self._lake, self._loaded = lake.config, lake, loaded

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        yield self._loaded.con

    def execute(
        self,
        sql: str,
        scope: Scope = ALL_HISTORY,
        params: dict | list | None = None,
        cursor: duckdb.DuckDBPyConnection | None = None,
    ) -> pd.DataFrame:
        return connection.execute(cursor or self._loaded.con, sql, scope, params)

    def remember(self, key: tuple, compute: Callable[[], Any]) -> Any:
        return self._lake.results.get_or_compute((self._loaded.load, *key), compute)
