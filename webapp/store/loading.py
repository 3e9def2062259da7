"""Finding and loading snapshots for the dashboard: which run latest.json names, which older runs
exist to fall back on, and a DuckDB connection with every view over one run. I/O only; the
lifecycle (when to look, when to swap, when to close) is `snapshots.py`'s.
"""

from __future__ import annotations

import contextlib
import logging
import pathlib
import re
from collections.abc import Callable

import duckdb

from sql import duck
from webapp.config import WebConfig
from webapp.store import disk
from webapp.store.connection import LoadedSnapshot, Snapshot

log = logging.getLogger("webapp.snapshots")
_RUN_FILE = re.compile(r"/manifests/([0-9A-Za-z_.-]+)\.json$")
# a read of latest.json or a listing gives up after this long: a stalled S3 must not hold the
# background check (and /healthz, which waits for it) for minutes
PROBE_TIMEOUT_SECONDS = 5
FALLBACK_CANDIDATES = 5  # older snapshots tried, newest first, when the newest cannot be loaded


class LakeUnavailable(Exception):
    """No snapshot can be read; the message says what to do and holds no secret or path."""


class SnapshotBroken(Exception):
    """One snapshot's files or views do not load; the message names the run, not a path. When a
    view file failed, `view_file` names it and `detail` is DuckDB's error (without paths)."""

    def __init__(self, message: str, view_file: str | None = None, detail: str | None = None):
        super().__init__(message)
        self.view_file = view_file
        self.detail = detail


def probe_connection(config: WebConfig) -> duckdb.DuckDBPyConnection:
    """The connection that reads latest.json and lists manifests: nothing cached (latest.json
    changes in place), short timeouts and one retry."""
    con = duck.connect(config.s3)
    con.execute("SET enable_external_file_cache = false")
    con.execute(f"SET http_timeout = {PROBE_TIMEOUT_SECONDS}")
    con.execute("SET http_retries = 1")
    return con


def latest_run_id(probe: duckdb.DuckDBPyConnection, config: WebConfig) -> str:
    """The run latest.json names; LakeUnavailable with what to do when it cannot be read."""
    try:
        return duck.read_latest_run_id(probe, config.data_url)
    except duckdb.Error as exc:
        raise LakeUnavailable(unavailable_message(config, exc)) from exc


def read_latest(probe: Callable[[], duckdb.DuckDBPyConnection], config: WebConfig) -> tuple[str | None, str | None]:
    """(the run latest.json names, None), or (None, why it cannot be read) with the reason logged."""
    try:
        return latest_run_id(probe(), config), None
    except LakeUnavailable as exc:
        log.warning("cannot read the lake: %s", exc)
        return None, str(exc)
    except Exception:  # a background check must say what happened, never die silently
        log.exception("cannot read the lake")
        return None, "Reading manifests/latest.json failed unexpectedly; the server log has the traceback."


def older_run_ids(probe: duckdb.DuckDBPyConnection, config: WebConfig, newest: str) -> list[str]:
    """The fallback candidates, newest first: the chain of `previous_run_id`s from `newest`'s
    manifest (exact keys: the dashboard's read-only S3 policy allows that), else a listing of
    the manifests older than it (a local lake, or a policy that allows listing)."""
    chain, run_id = [], newest
    while len(chain) < FALLBACK_CANDIDATES:
        run_id = _previous_run_id(probe, config, run_id)
        if not run_id or run_id in chain or run_id >= newest:
            break
        chain.append(run_id)
    return chain or _listed_run_ids(probe, config, newest)


def _previous_run_id(probe: duckdb.DuckDBPyConnection, config: WebConfig, run_id: str) -> str | None:
    url = f"{duck.normalize_data_url(config.data_url)}/manifests/{run_id}.json"
    try:
        row = probe.execute("select json_extract_string(content, '$.previous_run_id') from read_text(?)", [url]).fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def _listed_run_ids(probe: duckdb.DuckDBPyConnection, config: WebConfig, newest: str) -> list[str]:
    pattern = f"{duck.normalize_data_url(config.data_url)}/manifests/*.json"
    try:
        files = [row[0] for row in probe.execute("select file from glob(?)", [pattern]).fetchall()]
    except duckdb.Error:
        return []
    runs = sorted({m.group(1) for f in files if (m := _RUN_FILE.search(f.replace("\\", "/")))} - {"latest"}, reverse=True)
    return [run for run in runs if run < newest][:FALLBACK_CANDIDATES]


def build(config: WebConfig, run_id: str) -> tuple[duckdb.DuckDBPyConnection, Snapshot, pathlib.Path | None]:
    """A new connection with the views over one snapshot, the snapshot, and the local database
    file its tables were copied into (None when they are in memory or not copied). With
    DASHBOARD_MATERIALIZE the tables are copied once: into that file under DASHBOARD_MEMORY_MB,
    into memory when it is 0 (no limit). SnapshotBroken when its files or the views do not load
    (the traceback is logged; the message is safe to show)."""
    database = disk.new_database(config, run_id) if config.materialize and config.memory_mb > 0 else None
    try:
        con = duck.connect(config.s3, database=str(database) if database else ":memory:")
    except duckdb.Error as exc:
        log.exception("snapshot %s: the local database %s cannot be opened", run_id, database)
        raise SnapshotBroken(f"Snapshot {run_id} could not be loaded ({error_summary(exc)}).") from None
    try:
        bound(con, config, database)
        if config.materialize:
            # one thread: the copy's windows then need half the memory, and the served snapshot
            # keeps the other core for visitors meanwhile
            con.execute("SET threads = 1")
        duck.load_views(
            con,
            config.data_url,
            manifest_key=f"manifests/{run_id}.json",
            params=config.metrics,
            sql_dir=config.sql_dir,
            copy=config.materialize,
        )
        con.execute(f"SET threads = {int(config.duckdb_threads)}")
        (created_at,) = con.execute("select created_at from snapshot").fetchone()
    except duckdb.Error as exc:
        con.close()
        if database is not None:
            disk.remove(database)
        log.exception("snapshot %s could not be loaded", run_id)
        view_file, detail = (exc.file_name, error_summary(exc.cause)) if isinstance(exc, duck.ViewFileError) else (None, None)
        raise SnapshotBroken(
            f"Snapshot {run_id} could not be loaded ({error_summary(exc)}).", view_file=view_file, detail=detail
        ) from None
    return con, Snapshot(run_id, created_at), database


def build_prepared(config: WebConfig, run_id: str, prepare: Callable[[LoadedSnapshot], None]) -> LoadedSnapshot:
    """A snapshot built and prepared (`prepare` computes its first queries) but not yet served;
    SnapshotBroken when those queries fail."""
    views = duck.views_fingerprint(config.sql_dir)
    con, snapshot, database = build(config, run_id)
    loaded = LoadedSnapshot(con, snapshot, database=database, views=views)
    try:
        prepare(loaded)
    except duckdb.Error as exc:
        loaded.close()
        log.exception("snapshot %s loaded but its first queries fail", run_id)
        raise SnapshotBroken(f"Snapshot {run_id} could not be loaded ({error_summary(exc)}).") from None
    return loaded


def bound(con: duckdb.DuckDBPyConnection, config: WebConfig, database: pathlib.Path | None) -> None:
    """Hold DuckDB to DASHBOARD_MEMORY_MB (0: DuckDB's default, most of the machine's memory) and
    DASHBOARD_DUCKDB_THREADS: a query that needs more spills to disk (a window over every day of
    every symphony) instead of growing the worker."""
    spill = disk.spill_folder(database) if database else disk.spill_folder_in_memory(config)
    if config.memory_mb > 0:
        con.execute(f"SET memory_limit = '{int(config.memory_mb)}MB'")
    con.execute(f"SET threads = {int(config.duckdb_threads)}")
    con.execute("SET temp_directory = ?", [str(spill)])
    if config.materialize:  # each file is read once, into the copy: caching its bytes too would only hold memory
        con.execute("SET enable_external_file_cache = false")


def release_cached_pages(loaded: LoadedSnapshot, config: WebConfig) -> None:
    """Let the served snapshot's buffer pool go before another snapshot loads beside it: lowering
    the limit evicts the cached pages (they are in its file), restoring it lets queries use them
    again. Without it a swap would hold both snapshots' pages at once."""
    if config.memory_mb <= 0:
        return
    with contextlib.suppress(duckdb.Error):
        loaded.on_main("SET memory_limit = '1MB'")
    loaded.on_main(f"SET memory_limit = '{int(config.memory_mb)}MB'")


def error_summary(exc: Exception) -> str:
    """The first line of a DuckDB error without file paths or URLs (those stay in the log)."""
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    first = re.sub(r"(?:s3|https?|file)://\S+", "<lake file>", first)
    first = re.sub(r"(?:/[\w.@%+=:,-]+){2,}/?", "<lake file>", first)
    return first[:200]


def unavailable_message(config: WebConfig, exc: Exception) -> str:
    """What to do when latest.json cannot be read: publish a snapshot, or fix the credentials."""
    where = config.data_url
    text = str(exc)
    if "403" in text or "Forbidden" in text or "AccessDenied" in text or "InvalidAccessKeyId" in text:
        return (
            f"The lake at {where} refused the credentials (HTTP 403): check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY "
            "and that the key may s3:GetObject under that prefix."
        )
    if "No files found" in text or "does not exist" in text:
        return f"No snapshot has been published to {where} yet. Run the ingest job (`python -m ingest run`, or `make run` for the demo) and reload."
    if "404" in text:  # S3 answers 404 for a missing bucket and a missing key alike
        return (
            f"There is no manifests/latest.json under {where}: either no snapshot has been published there yet (run the "
            "ingest job: `python -m ingest run`) or the bucket does not exist (check DATA_URL)."
        )
    return f"The lake at {where} cannot be read ({type(exc).__name__}). Check DATA_URL, the AWS credentials and S3_ENDPOINT_URL."


def first_that_loads(
    build: Callable[[str], LoadedSnapshot], probe: duckdb.DuckDBPyConnection, config: WebConfig, newest: str
) -> tuple[LoadedSnapshot | None, str | None, str | None]:
    """The newest snapshot built, or else the newest older one that builds: (the snapshot, the
    notice that it is not the newest, why none builds)."""
    try:
        loaded = build(newest)
        log.info("serving snapshot %s", newest)
        return loaded, None, None
    except SnapshotBroken as exc:
        problem = str(exc)
    for older in older_run_ids(probe, config, newest):
        try:
            loaded = build(older)
        except SnapshotBroken:
            continue
        log.error("serving snapshot %s: the newest, %s, does not load", older, newest)
        return loaded, f"{problem} Showing the last snapshot that loads, {older}.", None
    return None, None, f"{problem} No earlier snapshot loads either."


def edit_failed(exc: SnapshotBroken) -> str:
    """What an edit of the view files that does not load says: the file and DuckDB's error, and
    what to do (a snapshot whose own files do not load says so instead)."""
    if exc.view_file is None:
        return str(exc)
    return (
        f"View file {exc.view_file} failed: {exc.detail} Fix the file (or undo the edit) in the folder of view files "
        "(SQL_DIR); the views load again by themselves."
    )
