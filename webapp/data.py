"""The dashboard's only door to the lake: one DuckDB connection per snapshot, views loaded once
per snapshot, query results cached per snapshot.

Lifecycle. A process serves exactly one loaded snapshot and loads at most one more. Requests
never read S3 to find out whether a newer snapshot exists and never wait for one: at most every
SNAPSHOT_CHECK_SECONDS a request starts a background check that reads `manifests/latest.json`
(short timeouts), loads a new run on a new connection while the current one is still served,
and swaps it in. The old snapshot is closed (its connection and every cursor made from it) as
soon as no request is using it, so memory stays at one snapshot however many are published.
Only the very first request of a process waits, for at most FIRST_LOAD_WAIT_SECONDS.

Fallback. When the newest snapshot does not load (a broken file, a view that fails on it), a
running process keeps serving the one it has, and a starting one loads the newest older
snapshot that does; either way `notice` says so (on every page and in /healthz, which answers
200 with status "degraded") and the log has the traceback.

Gunicorn forks workers, so connections are opened inside the worker, never at import; the
worker loads the snapshot and the overview's first queries as it starts (gunicorn.conf.py). Each
request thread queries through its own cursor of the snapshot's connection, which gets the
snapshot's DuckDB variables copied in (variables are per connection). A snapshot is immutable,
so its tables are copied into memory once (DASHBOARD_MATERIALIZE) and results (and the pages'
built figures) are cached per snapshot in a bounded LRU (DASHBOARD_CACHE_ENTRIES).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import logging
import os
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from sql import duck
from webapp import alert_board, date_range, queries, snapshot_loader
from webapp.config import WebConfig
from webapp.report_scope import ALL_HISTORY, Scope
from webapp.snapshot_loader import LakeUnavailable, SnapshotBroken

__all__ = ["ALL_HISTORY", "LakeData", "LakeUnavailable", "Snapshot", "store", "use_store"]

log = logging.getLogger("webapp.data")
FIRST_LOAD_WAIT_SECONDS = 60.0  # the first request of a process waits this long for the first load
HEALTH_WAIT_SECONDS = 1.5  # /healthz waits this long for a fresh look at latest.json
RETRY_FIRST_LOAD_SECONDS = 5.0  # after a failed first load, the next request tries again after this
CLOSE_WAIT_SECONDS = 3.0  # how long close() waits for background threads, in all


@dataclass(frozen=True)
class Snapshot:
    run_id: str
    created_at: dt.datetime | None


@dataclass(eq=False)
class _Loaded:
    """One snapshot's connection and the cursors made from it, with how many requests use it."""

    con: duckdb.DuckDBPyConnection
    snapshot: Snapshot
    views: tuple = ()  # the view files it was loaded with (duck.views_fingerprint)
    cursors: list[duckdb.DuckDBPyConnection] = field(default_factory=list)
    users: int = 0
    retired: bool = False
    closed: bool = False

    def close(self) -> None:
        self.closed = True
        for con in [*self.cursors, self.con]:
            with contextlib.suppress(duckdb.Error):
                con.close()
        self.cursors.clear()


class LakeData:
    def __init__(self, config: WebConfig):
        _OPEN.add(self)
        self.config = config
        self._lock = threading.RLock()  # held for bookkeeping only, never across I/O
        self._changed = threading.Condition(self._lock)
        self._local = threading.local()
        self._pid: int | None = None
        self._probe: duckdb.DuckDBPyConnection | None = None
        self._current: _Loaded | None = None
        self._checking = False  # a background check (and maybe a load) is running
        self._checked_at = -float("inf")  # when the last check started (monotonic)
        self._check_error: str | None = None  # why the last check could not read latest.json
        self._probe_done_at = -float("inf")  # when a check last finished reading latest.json
        self._first_error: str | None = None  # why the first load failed
        self._notice: str | None = None  # why the snapshot served is not the newest
        self._failed: tuple | None = None  # (run_id, view files) of the last newer run that did not load
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    # which snapshot is served ------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The snapshot being served. Starts a background check when the last one is older than
        the check interval; waits only when this process has no snapshot yet."""
        with self._lock:
            self._after_fork()
            if time.monotonic() - self._checked_at >= self._check_interval():
                self._start_check()
            if self._current is None:
                self._wait_for_first_load()
            return self._current.snapshot

    def served(self) -> Snapshot | None:
        """The snapshot being served right now, or None; never waits (the page shell calls this
        while the first load may still be reading S3)."""
        current = self._current if self._pid == os.getpid() else None
        return current.snapshot if current else None

    @property
    def notice(self) -> str | None:
        """Why the snapshot served is not the newest published one (None when it is)."""
        return self._notice

    def check(self) -> tuple[Snapshot, str | None]:
        """For /healthz: the snapshot served and the notice, after a fresh look at latest.json
        (waiting at most HEALTH_WAIT_SECONDS for it, whatever S3 does). LakeUnavailable when
        latest.json cannot be read now, even while pages keep serving the last good snapshot."""
        deadline = time.monotonic() + HEALTH_WAIT_SECONDS
        with self._lock:
            self._after_fork()
            self._start_check()  # unless one is running: then its answer is the fresh look
            while self._probe_done_at < self._checked_at and (left := deadline - time.monotonic()) > 0:
                self._changed.wait(left)
            if self._probe_done_at < self._checked_at:
                waited = time.monotonic() - self._checked_at
                raise LakeUnavailable(f"The lake has not answered for {waited:.0f} s (reading manifests/latest.json).")
            if self._check_error:
                raise LakeUnavailable(self._check_error)
            if self._current is None:
                raise LakeUnavailable(self._first_error or "The first snapshot is still loading.")
            return self._current.snapshot, self._notice

    def _check_interval(self) -> float:
        if self._current is None and self._first_error:
            return RETRY_FIRST_LOAD_SECONDS
        return self.config.snapshot_check_seconds

    def _after_fork(self) -> None:
        """Gunicorn forks after the app is imported: a child starts with nothing loaded."""
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._probe, self._current, self._checking = None, None, False
            self._checked_at, self._probe_done_at = -float("inf"), -float("inf")
            self._first_error, self._notice, self._check_error = None, None, None
            self._cache.clear()

    def _wait_for_first_load(self) -> None:
        deadline = time.monotonic() + FIRST_LOAD_WAIT_SECONDS
        while self._current is None and self._checking and (left := deadline - time.monotonic()) > 0:
            self._changed.wait(left)
        if self._current is None:
            raise LakeUnavailable(self._first_error or "The snapshot is still loading; reload the page in a moment.")

    def _start_check(self) -> None:
        if self._checking or self._stopping.is_set():
            return
        self._checking, self._checked_at = True, time.monotonic()
        self._start(self._check_and_load)

    def _check_and_load(self) -> None:
        """Background: read latest.json; load and swap in a run that is not the one served (a
        newer run's preset periods are then warmed too, as warm_up does for the first)."""
        swapped = False
        try:
            run_id = self._read_latest()
            current = self._current
            views = duck.views_fingerprint(self.config.sql_dir)
            if run_id is not None and current is None:
                self._load_first(run_id)
            elif run_id is not None and run_id != current.snapshot.run_id:
                if self._failed != (run_id, views):  # a newer run that did not load is not tried again and again
                    swapped = self._load_newer(run_id)
            elif run_id is not None and views != current.views:
                log.info("the view files changed: reloading the views of snapshot %s", run_id)
                swapped = self._load_newer(run_id, edit=True)
        except Exception:  # a background thread must never die silently
            log.exception("loading a snapshot failed")
            self._set(_first_error="Loading the snapshot failed unexpectedly; the server log has the traceback.")
        finally:
            self._set(_checking=False)
        if swapped:
            self._warm_presets()

    def _read_latest(self) -> str | None:
        """The run latest.json names, or None with the reason recorded (and logged)."""
        problem = None
        try:
            if self._probe is None:
                self._probe = snapshot_loader.probe_connection(self.config)
            run_id = snapshot_loader.latest_run_id(self._probe, self.config)
        except LakeUnavailable as exc:
            problem = str(exc)
            log.warning("cannot read the lake: %s", problem)
        except Exception:
            problem = "Reading manifests/latest.json failed unexpectedly; the server log has the traceback."
            log.exception("cannot read the lake")
        if problem:
            first = {"_first_error": problem} if self._current is None else {}
            self._set(_probe_done_at=time.monotonic(), _check_error=problem, **first)
            return None
        self._set(_probe_done_at=time.monotonic(), _check_error=None)
        return run_id

    def _load_first(self, run_id: str) -> None:
        """The newest snapshot, or else the newest older one that loads (with a notice)."""
        try:
            self._install(*self._build(run_id), notice=None)
            return
        except SnapshotBroken as exc:
            problem = str(exc)
        for older in snapshot_loader.older_run_ids(self._probe, self.config, run_id):
            try:
                self._install(*self._build(older), notice=f"{problem} Showing the last snapshot that loads, {older}.")
                log.error("serving snapshot %s: the newest, %s, does not load", older, run_id)
                return
            except SnapshotBroken:
                continue
        self._set(_first_error=f"{problem} No earlier snapshot loads either.")

    def _load_newer(self, run_id: str, edit: bool = False) -> bool:
        """A newer snapshot, or (edit) the same one with edited view files; when it does not load,
        the current one stays served with a notice (and is not tried again until something
        changes: the failed attempt's view files are remembered)."""
        try:
            self._install(*self._build(run_id), notice=None)
            return True
        except SnapshotBroken as exc:
            current = self._current
            served = current.snapshot.run_id
            if edit:
                log.error("keeping the last good views of snapshot %s: the edited view files do not load", served)
                current.views = duck.views_fingerprint(self.config.sql_dir)
                self._set(_notice=f"{exc} Still showing the views as they were before the edit.")
            else:
                log.error("keeping snapshot %s: the newer %s does not load", served, run_id)
                failed = (run_id, duck.views_fingerprint(self.config.sql_dir))
                self._set(_notice=f"{exc} Still showing snapshot {served}.", _failed=failed)
            return False

    def _build(self, run_id: str) -> tuple[_Loaded, dict]:
        """A loaded snapshot and the overview's first queries computed on it."""
        views = duck.views_fingerprint(self.config.sql_dir)
        con, created_at = snapshot_loader.build(self.config, run_id)
        try:
            warmed = {(run_id, *self._frame_key(*warm)): self._run(con, *warm) for warm in WARM}
        except duckdb.Error as exc:
            con.close()
            log.exception("snapshot %s loaded but its first queries fail", run_id)
            raise SnapshotBroken(f"Snapshot {run_id} could not be loaded ({snapshot_loader.error_summary(exc)}).") from None
        return _Loaded(con, Snapshot(run_id, created_at), views), warmed

    def _install(self, loaded: _Loaded, warmed: dict, notice: str | None) -> None:
        """Serve a built snapshot; the one it replaces is closed once no request uses it."""
        with self._lock:
            old, self._current = self._current, loaded
            self._notice, self._first_error = notice, None
            self._cache.clear()
            self._cache.update(warmed)
            self._trim_cache()
            if old is not None:
                old.retired = True
                if old.users == 0:
                    old.close()
            self._changed.notify_all()

    def _set(self, **values: object) -> None:
        with self._lock:
            for name, value in values.items():
                setattr(self, name, value)
            self._changed.notify_all()

    # background work ---------------------------------------------------------------------------

    def start_warm_up(self) -> None:
        """warm_up() in a background thread (gunicorn calls this when a worker starts)."""
        self._start(self.warm_up)

    def warm_up(self) -> None:
        """Load the snapshot now and compute what the overview shows first, for the whole history
        and then every preset period (gunicorn calls this in a thread when a worker starts, so the
        first visitor does not wait for it)."""
        try:
            self.snapshot()
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

    def _start(self, target: Callable, *args: object) -> None:
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()]
            thread = threading.Thread(target=target, args=args, name=target.__name__, daemon=True)
            self._threads.append(thread)
        thread.start()

    def close(self) -> bool:
        """Stop background work and interrupt running queries, so a worker exits at once
        (a DuckDB query still running in a thread can hold up the interpreter's exit). False when
        a background thread is still running (a read stuck on S3 ignores interrupts)."""
        self._stopping.set()
        current = self._current
        for con in [self._probe, *([current.con, *current.cursors] if current else [])]:
            if con is not None:
                with contextlib.suppress(duckdb.Error):
                    con.interrupt()
        deadline = time.monotonic() + CLOSE_WAIT_SECONDS  # one deadline for all: a read stuck on S3 cannot hold the exit
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        return not any(thread.is_alive() for thread in self._threads)

    # queries ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _cursor(self, scope: Scope) -> Iterator[duckdb.DuckDBPyConnection]:
        """This thread's cursor of the snapshot served, with the report scope set (the views read
        it as variables); the snapshot stays open until the block ends."""
        self.snapshot()
        with self._lock:
            loaded = self._current
            loaded.users += 1
            local = self._local
            if getattr(local, "loaded", None) is not loaded:
                cursor = loaded.con.cursor()
                duck.copy_variables(loaded.con, cursor)
                loaded.cursors.append(cursor)
                local.loaded, local.cursor, local.scope = loaded, cursor, None
        try:
            if local.scope != scope:
                duck.set_range(local.cursor, scope.start, scope.end, scope.account_id)
                local.scope = scope
            yield local.cursor
        finally:
            with self._lock:
                loaded.users -= 1
                if loaded.retired and loaded.users == 0 and not loaded.closed:
                    loaded.close()
                    local.loaded = None

    @staticmethod
    def _frame_key(sql: str, params: list | None, period: Scope) -> tuple:
        """What a query's result depends on besides the snapshot (lists made hashable)."""
        return (sql, tuple(tuple(p) if isinstance(p, list) else p for p in params or []), period)

    @staticmethod
    def _run(con: duckdb.DuckDBPyConnection, sql: str, params: list | None, period: Scope) -> pd.DataFrame:
        duck.set_range(con, period.start, period.end, period.account_id)
        return con.execute(sql, params or []).df()

    def query(self, sql: str, params: list | None = None, period: Scope = ALL_HISTORY) -> pd.DataFrame:
        """Run a parameterized query on the current snapshot over the report scope (never format
        user input into sql)."""
        with self._cursor(period) as cursor:
            return cursor.execute(sql, params or []).df()

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
            if self._current is not None and self._current.snapshot.run_id == run_id:  # not if a new one came meanwhile
                self._cache[full_key] = value
                self._trim_cache()
        return value

    def _trim_cache(self) -> None:
        while len(self._cache) > self.config.cache_entries:
            self._cache.popitem(last=False)

    def frame(self, sql: str, params: list | None = None, period: Scope = ALL_HISTORY) -> pd.DataFrame:
        """A parameterized query's result over the report scope, computed once per snapshot."""
        return self.cached(self._frame_key(sql, params, period), lambda: self.query(sql, params, period))

    def what_if(self, weights: dict[str, float], period: Scope = ALL_HISTORY) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """Metrics and growth of a blend of symphonies at the given weights, and the actual
        portfolio's growth over the same days. The weights go in a temporary table of this
        thread's cursor (bound values, nothing formatted into SQL)."""

        def compute() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
            with self._cursor(period) as cursor:
                cursor.execute("create or replace temp table what_if_weights (symphony_id varchar, weight double)")
                cursor.executemany("insert into what_if_weights values (?, ?)", [[k, float(v)] for k, v in weights.items()])
                return (
                    cursor.execute(queries.WHAT_IF_METRICS).df(),
                    cursor.execute(queries.WHAT_IF_EQUITY).df(),
                    cursor.execute(queries.WHAT_IF_ACTUAL).df(),
                )

        return self.cached(("what-if", tuple(sorted(weights.items())), period), compute)

    def metrics(self, period: Scope = ALL_HISTORY) -> pd.DataFrame:
        """symphony_metrics over the report scope, for the symphonies with data in it."""
        return self.frame(queries.LEADERBOARD, period=period)

    def alert_board(self) -> alert_board.Board:
        """The nightly job's alert state, read through the served snapshot's connection (it has
        the lake's credentials), at most once per check interval."""

        def read_text(url: str) -> str | None:
            frame = self.query("select content from read_text(?)", [url])  # a missing file is no row
            return None if frame.empty else str(frame.iloc[0, 0])

        return alert_board.board(read_text, self.config.data_url, self.config.snapshot_check_seconds)

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
    (queries.ACCOUNTS, None, ALL_HISTORY),
    (queries.LEADERBOARD, None, ALL_HISTORY),
    (queries.TRENDS, None, ALL_HISTORY),
    (queries.ACCOUNT_KPIS, None, ALL_HISTORY),
    (queries.ACCOUNT_SERIES, None, ALL_HISTORY),
]

_store: LakeData | None = None
# every store of the process, closed at exit: a DuckDB query still running in a daemon thread
# when the interpreter finalizes aborts the process (std::terminate, exit status 134)
_OPEN: weakref.WeakSet[LakeData] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for data in list(_OPEN):
        data.close()


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
