"""Which snapshot a dashboard process serves: find the newest, load it off to the side, swap it
in, fall back when it does not load, close the old one.

One snapshot is served and at most one more loads. Requests never wait on S3: at most every
SNAPSHOT_CHECK_SECONDS a request starts a background check of `manifests/latest.json` (short
timeouts) that loads a new run on a new connection and swaps it in; the old one is closed once no
request uses it. Only a process's very first request waits (FIRST_LOAD_WAIT_SECONDS). When the
newest snapshot does not load, a running process keeps the one it has and a starting one loads
the newest older one that does; `notice` says so (every page, /healthz "degraded"), the log has
the traceback. Gunicorn forks workers: a forked child starts with nothing loaded.
"""

from __future__ import annotations

import logging
import os
import threading
import time

import duckdb

from sql import duck
from webapp.config import WebConfig
from webapp.store import connection, disk, loading
from webapp.store.background import BackgroundThreads
from webapp.store.connection import LoadedSnapshot, Snapshot
from webapp.store.loading import LakeUnavailable, SnapshotBroken

log = logging.getLogger("webapp.data")
FIRST_LOAD_WAIT_SECONDS = 60.0  # the first request of a process waits this long for the first load
HEALTH_WAIT_SECONDS = 1.5  # /healthz waits this long for a fresh look at latest.json
RETRY_FIRST_LOAD_SECONDS = 5.0  # after a failed first load, the next request tries again after this
CLOSE_WAIT_SECONDS = 3.0  # how long close() waits for background threads, in all


class Snapshots:
    """The served snapshot and its background checks. Subclasses say what to compute on a
    snapshot before it is swapped in (`prepare`) and after (`after_swap`)."""

    def __init__(self, config: WebConfig):
        self.config = config
        self._lock = threading.RLock()  # held for bookkeeping only, never across I/O
        self._changed = threading.Condition(self._lock)
        self._pid: int | None = None
        self._probe: duckdb.DuckDBPyConnection | None = None
        self._current: LoadedSnapshot | None = None
        self._checking = False  # a background check (and maybe a load) is running
        self._checked_at = -float("inf")  # when the last check started (monotonic)
        self._check_error: str | None = None  # why the last check could not read latest.json
        self._probe_done_at = -float("inf")  # when a check last finished reading latest.json
        self._first_error: str | None = None  # why the first load failed
        self._notice: str | None = None  # why the snapshot served is not the newest
        self._failed: tuple | None = None  # (run_id, view files) of the last newer run that did not load
        self.background = BackgroundThreads()

    def prepare(self, loaded: LoadedSnapshot) -> None:
        """Run on a loaded snapshot before it is served; a duckdb.Error rejects it."""

    def after_swap(self) -> None:
        """Run in the background after a newer snapshot was swapped in."""

    def forget(self) -> None:
        """Drop what was computed for snapshots no longer served."""

    def snapshot(self) -> Snapshot:
        return self.loaded().snapshot

    def loaded(self) -> LoadedSnapshot:
        """The snapshot served; starts a background check when the last one is older than the
        check interval, and waits only when this process has no snapshot yet."""
        with self._lock:
            self._after_fork()
            if time.monotonic() - self._checked_at >= self._check_interval():
                self._start_check()
            if self._current is None:
                self._wait_for_first_load()
            return self._current

    def served_version(self) -> str | None:
        """The served snapshot's version (LoadedSnapshot.version), or None; never waits (the page shell asks)."""
        current = self._current if self._pid == os.getpid() else None
        return current.version if current else None

    def version(self) -> str:
        """The version of the snapshot served (waits for the first load, like snapshot())."""
        return self.loaded().version

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
            self.forget()
            disk.remove_orphans(self.config)

    def _wait_for_first_load(self) -> None:
        deadline = time.monotonic() + FIRST_LOAD_WAIT_SECONDS
        while self._current is None and self._checking and (left := deadline - time.monotonic()) > 0:
            self._changed.wait(left)
        if self._current is None:
            raise LakeUnavailable(self._first_error or "The snapshot is still loading; reload the page in a moment.")

    def _start_check(self) -> None:
        if self._checking or self.background.stopping.is_set():
            return
        self._checking, self._checked_at = True, time.monotonic()
        self.background.start(self._check_and_load)

    def _check_and_load(self) -> None:
        """Background: read latest.json; load and swap in a run that is not the one served."""
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
                    if swapped:
                        log.info("serving the newer snapshot %s; open pages render again", run_id)
            elif run_id is not None and views != current.views:
                log.info("the view files changed: reloading the views of snapshot %s", run_id)
                swapped = self._load_newer(run_id, edit=True)
                if swapped:
                    log.info("serving snapshot %s with the edited view files; open pages render again", run_id)
        except Exception:  # a background thread must never die silently
            log.exception("loading a snapshot failed")
            self._set(_first_error="Loading the snapshot failed unexpectedly; the server log has the traceback.")
        finally:
            self._set(_checking=False)
        if swapped:
            self.after_swap()

    def _read_latest(self) -> str | None:
        """The run latest.json names, or None with the reason recorded."""
        run_id, problem = loading.read_latest(self._probe_connection, self.config)
        first = {"_first_error": problem} if problem and self._current is None else {}
        self._set(_probe_done_at=time.monotonic(), _check_error=problem, **first)
        return run_id

    def _probe_connection(self) -> duckdb.DuckDBPyConnection:
        if self._probe is None:
            self._probe = loading.probe_connection(self.config)
        return self._probe

    def _load_first(self, run_id: str) -> None:
        """The newest snapshot, or else the newest older one that loads (with a notice)."""
        loaded, notice, problem = loading.first_that_loads(self._build, self._probe, self.config, run_id)
        if loaded is None:
            self._set(_first_error=problem)
        else:
            self._install(loaded, notice=notice)

    def _load_newer(self, run_id: str, edit: bool = False) -> bool:
        """A newer snapshot, or (edit) the same one with edited view files; when it does not load,
        the current one stays served with a notice (and is not tried again until something
        changes: the failed attempt's view files are remembered)."""
        try:
            self._install(self._build(run_id), notice=None)
            return True
        except SnapshotBroken as exc:
            current = self._current
            served = current.snapshot.run_id
            if edit:
                log.error("keeping the last good views of snapshot %s: the edited view files do not load", served)
                current.views = duck.views_fingerprint(self.config.sql_dir)
                self._set(_notice=f"{loading.edit_failed(exc)} Still showing the views as they were before the edit.")
            else:
                log.error("keeping snapshot %s: the newer %s does not load", served, run_id)
                failed = (run_id, duck.views_fingerprint(self.config.sql_dir))
                self._set(_notice=f"{exc} Still showing snapshot {served}.", _failed=failed)
            return False

    def _build(self, run_id: str) -> LoadedSnapshot:
        """A loaded snapshot, prepared (its first queries computed) but not yet served."""
        with connection.exclusive():
            if self._current is not None:
                loading.release_cached_pages(self._current, self.config)
            return loading.build_prepared(self.config, run_id, self.prepare)

    def _install(self, loaded: LoadedSnapshot, notice: str | None) -> None:
        """Serve a built snapshot; the one it replaces is closed once no request uses it."""
        with self._lock:
            old, self._current = self._current, loaded
            self._notice, self._first_error = notice, None
            self.forget()
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

    def close(self) -> bool:
        """Stop background work and interrupt running queries, so a worker exits at once
        (a DuckDB query still running in a thread can hold up the interpreter's exit), then close
        the served snapshot and remove its local file. False when a background thread is still
        running (a read stuck on S3 ignores interrupts): the file is then left for the next
        worker to remove."""
        self.background.stopping.set()
        if self._probe is not None:
            self._probe.interrupt()
        if self._current is not None:
            self._current.interrupt()
        stopped = self.background.stop(CLOSE_WAIT_SECONDS)
        if stopped and self._current is not None:
            self._current.close()  # its connections, and its local database file
        return stopped
