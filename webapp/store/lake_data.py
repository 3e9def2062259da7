"""LakeData: the served snapshot (snapshots.py) with its cursors (connection.py) and its results
cache (cache.py), the one object pages reach through `webapp.store.store()`."""

from __future__ import annotations

import atexit
import contextlib
import contextvars
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import duckdb
import pandas as pd

from webapp import alert_board, date_range
from webapp.config import WebConfig
from webapp.report_scope import ALL_HISTORY, Scope
from webapp.store import connection, readers
from webapp.store.cache import ResultCache, is_missing
from webapp.store.connection import LoadedSnapshot
from webapp.store.loading import LakeUnavailable
from webapp.store.snapshots import Snapshots

# the snapshot being prepared in this thread, before it is served: queries and cache entries go to it
_preparing: contextvars.ContextVar[LoadedSnapshot | None] = contextvars.ContextVar("preparing", default=None)
# the LakeData a background thread works for (readers reach it through webapp.store.store())
_working_for: contextvars.ContextVar[LakeData | None] = contextvars.ContextVar("working_for", default=None)


# every store of the process, closed at exit: a DuckDB query still running in a daemon thread
# when the interpreter finalizes aborts the process (std::terminate, exit status 134)
_OPEN: weakref.WeakSet[LakeData] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for data in list(_OPEN):
        data.close()


def working_for() -> LakeData | None:
    return _working_for.get()


class LakeData(Snapshots):
    def __init__(self, config: WebConfig):
        super().__init__(config)
        _OPEN.add(self)
        self.results = ResultCache(config.cache_entries)
        self._local = threading.local()

    # what is computed on a snapshot ------------------------------------------------------------

    def prepare(self, loaded: LoadedSnapshot) -> None:
        """The overview's first queries, on the new snapshot before it is served."""
        tokens = _preparing.set(loaded), _working_for.set(self)
        try:
            for reader, args in readers.FIRST_PAINT:
                reader(*args)
        finally:
            _preparing.reset(tokens[0])
            _working_for.reset(tokens[1])

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
        token = _working_for.set(self)  # readers query this store, whichever store() names
        try:
            last_day = readers.data_span()[1]
            for preset in date_range.PRESETS:
                scope = Scope(*date_range.Period(preset).bounds(last_day))
                for reader, args in readers.FIRST_PAINT:
                    if self.background.stopping.is_set():
                        return
                    reader(*[scope if isinstance(a, Scope) else a for a in args])
        except (LakeUnavailable, duckdb.Error):
            pass  # a page that needs them computes them and says what went wrong
        finally:
            _working_for.reset(token)

    # queries -----------------------------------------------------------------------------------

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """This thread's cursor of the snapshot served (or being prepared); the snapshot stays
        open until the block ends."""
        preparing = _preparing.get()
        if preparing is not None:
            yield preparing.con
            return
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

    def query(self, sql: str, params: dict | list | None = None, period: Scope = ALL_HISTORY) -> pd.DataFrame:
        """An ad-hoc query, not cached (tests and the alert board)."""
        return self.execute(sql, period, params)

    def remember(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """`compute()` once per snapshot under `key` (see cache.cached, the way in)."""
        preparing = _preparing.get()
        load = preparing.load if preparing is not None else self.loaded().load
        full_key = (load, *key)
        value = self.results.get(full_key)
        if not is_missing(value):
            return value
        value = compute()
        current = self._current
        if preparing is not None or (current is not None and current.load == load):  # not if a new one came meanwhile
            self.results.put(full_key, value)
        return value

    def read(self, reader: Callable[..., Any], *args: Any) -> Any:
        """`reader(*args)` (readers.py) on this store, whichever store() names (tests)."""
        token = _working_for.set(self)
        try:
            return reader(*args)
        finally:
            _working_for.reset(token)

    def alert_board(self) -> alert_board.Board:
        """The nightly job's alert state, read through the served snapshot's connection (it has
        the lake's credentials), at most once per check interval."""

        def read_text(url: str) -> str | None:
            frame = self.query("select content from read_text(?)", [url])  # a missing file is no row
            return None if frame.empty else str(frame.iloc[0, 0])

        return alert_board.board(read_text, self.config.data_url, self.config.snapshot_check_seconds)
