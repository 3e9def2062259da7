"""The local files a worker keeps per snapshot: a DuckDB database holding the snapshot's tables
(compressed, read back through DuckDB's buffer pool, so memory stays under DASHBOARD_MEMORY_MB
however large the account) and DuckDB's spill folder. A snapshot's files are removed when it is
closed; those of workers that died without closing are removed when the next worker starts.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pathlib
import re
import shutil
import tempfile

from webapp.config import WebConfig

_FILE = re.compile(r"^snapshot-(\d+)-")
_numbers = itertools.count(1)


def folder(config: WebConfig) -> pathlib.Path:
    root = pathlib.Path(config.disk_dir) if config.disk_dir else pathlib.Path(tempfile.gettempdir()) / "algo-dashboard"
    root.mkdir(parents=True, exist_ok=True)
    return root


def new_database(config: WebConfig, run_id: str) -> pathlib.Path:
    """A fresh path for one load of one snapshot (a reload of edited views is a load of its own);
    the worker's process id in the name tells whose it is."""
    safe_run = re.sub(r"[^0-9A-Za-z_.-]", "_", run_id)
    return folder(config) / f"snapshot-{os.getpid()}-{next(_numbers)}-{safe_run}.duckdb"


def spill_folder(database: pathlib.Path) -> pathlib.Path:
    return database.with_name(database.name + ".tmp")


def remove(database: pathlib.Path) -> None:
    """A snapshot's database, its write-ahead log and its spill folder."""
    for path in (database, database.with_name(database.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    shutil.rmtree(spill_folder(database), ignore_errors=True)


def remove_orphans(config: WebConfig) -> None:
    """The files of workers no longer running (killed, or out of memory): nothing else frees that disk."""
    for path in folder(config).glob("snapshot-*.duckdb"):
        match = _FILE.match(path.name)
        if match and not _running(int(match.group(1))):
            remove(path)
    for path in folder(config).glob("spill-*"):  # the spill folders of snapshots held in memory
        pid = path.name.removeprefix("spill-")
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def spill_folder_in_memory(config: WebConfig) -> pathlib.Path:
    """Where a snapshot held in memory (no local file) spills: one folder per worker."""
    return folder(config) / f"spill-{os.getpid()}"


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
