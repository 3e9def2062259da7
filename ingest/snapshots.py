"""The life of snapshots in the lake: publish, list, roll back, prune.

A snapshot is a manifest that lists every file of every table. Publishing writes the new files,
then `manifests/<run_id>.json`, then `manifests/latest.json`, so readers never see a partial
run. A table whose rows equal the previous snapshot's is not written again: the new manifest
points at the earlier files, which are immutable. Two runs at once cannot mix: each manifest is
complete on its own, and `latest.json` never moves back to an older run: it is replaced by a
compare-and-swap (`Lake.swap_json`: a conditional PUT on S3, a lock file locally), so a slow
older run that read it before a newer run published cannot overwrite it.
"""

from __future__ import annotations

import datetime as dt
import logging

import pyarrow as pa

from ingest import normalize
from ingest.errors import IngestError, LakeError
from ingest.lake import LATEST, SCHEMA_VERSION, Lake, table_keys

log = logging.getLogger("ingest.snapshots")
ORPHAN_AGE = dt.timedelta(days=1)


class Previous:
    """The snapshot latest.json names when a run starts: what an incremental run can reuse."""

    def __init__(self, lake: Lake):
        self.lake = lake
        self.manifest = lake.read_json(LATEST) or {}
        self._tables: dict[str, pa.Table] = {}

    @property
    def run_id(self) -> str | None:
        return self.manifest.get("run_id")

    def files(self, name: str) -> list[str]:
        return self.manifest.get("tables", {}).get(name, {}).get("files", [])

    def table(self, name: str) -> pa.Table:
        if name not in self._tables:
            if self.manifest.get("schema_version") != SCHEMA_VERSION or name not in self.manifest.get("tables", {}):
                self._tables[name] = normalize.SCHEMAS[name].empty_table()
            else:
                self._tables[name] = self.lake.read_table(self.files(name), normalize.SCHEMAS[name])
        return self._tables[name]

    def state(self, key: str) -> dict:
        """A piece of sync state the previous manifest recorded (empty when its schema is older,
        since its tables are then not reused either)."""
        if self.manifest.get("schema_version") != SCHEMA_VERSION:
            return {}
        value = self.manifest.get(key)
        return value if isinstance(value, dict) else {}

    def rows_by_symphony(self, name: str) -> dict[str, list[dict]]:
        grouped: dict[str, list[dict]] = {}
        for row in self.table(name).to_pylist():
            grouped.setdefault(row["symphony_id"], []).append(row)
        return grouped


def publish(
    lake: Lake,
    run_id: str,
    tables: dict[str, pa.Table],
    previous: Previous | None,
    extra: dict,
    unchanged: set[str] = frozenset(),
) -> dict:
    """Write what changed, then the run's manifest, then latest.json (unless a newer run won).
    `unchanged` names tables the caller knows equal the previous snapshot's (no comparison)."""
    entries, written, puts = {}, 0, 0
    for name, table in tables.items():
        same = name in unchanged or (previous is not None and _same_rows(previous.table(name), table))
        if previous is not None and previous.files(name) and same:
            entries[name] = {"files": previous.files(name), "rows": table.num_rows, "reused_from": previous.run_id}
            continue
        files = []
        for key, part in table_keys(run_id, name, table):
            written += lake.write_parquet(key, part)
            puts += 1
            files.append(key)
        entries[name] = {"files": files, "rows": table.num_rows}
    manifest = {
        "run_id": run_id,
        "schema_version": SCHEMA_VERSION,
        "status": "published",
        "tables": entries,
        "bytes_written": written,
        "files_written": puts + 2,
        # the snapshot this one was built on: a reader that cannot load this one walks back
        # through these without listing the bucket
        "previous_run_id": previous.run_id if previous is not None else None,
        **extra,
    }
    lake.write_json(f"manifests/{run_id}.json", manifest)
    newer: list[str] = []

    def decide(current: dict | None) -> dict | None:
        """Publish unless latest.json already names a newer run (it never moves back)."""
        newer.clear()
        if current and current.get("run_id", "") > run_id:
            newer.append(current["run_id"])
            return None
        return manifest

    lake.swap_json(LATEST, decide)
    if newer:
        log.warning(
            "run %s was superseded by %s, which published first: its snapshot is kept but not published", run_id, newer[0]
        )
        manifest["status"] = "superseded"
        manifest["superseded_by"] = newer[0]
    return manifest


def _same_rows(a: pa.Table, b: pa.Table) -> bool:
    """Equal content whatever the row order (files split by year come back year by year)."""
    if a.num_rows != b.num_rows or a.schema != b.schema:
        return False
    keys = [(name, "ascending") for name in a.schema.names]
    return a.sort_by(keys).equals(b.sort_by(keys))


def list_runs(lake: Lake) -> list[dict]:
    """Every run manifest, oldest first, with whether latest.json names it."""
    latest = (lake.read_json(LATEST) or {}).get("run_id")
    runs = []
    for key in lake.list_keys("manifests"):
        if key.endswith("/latest.json") or not key.endswith(".json"):
            continue
        manifest = lake.read_json(key) or {}
        runs.append({**manifest, "is_latest": manifest.get("run_id") == latest})
    return sorted(runs, key=lambda m: m.get("run_id", ""))


def rollback(lake: Lake, run_id: str) -> dict:
    """Point latest.json back at an earlier complete snapshot."""
    manifest = lake.read_json(f"manifests/{run_id}.json")
    if manifest is None:
        raise IngestError(f"there is no snapshot {run_id!r}: `python -m ingest runs` lists them")
    missing = [key for table in manifest["tables"].values() for key in table["files"] if not lake.exists(key)]
    if missing:
        raise IngestError(f"snapshot {run_id} cannot be restored: {len(missing)} of its files were pruned (e.g. {missing[0]})")
    lake.write_json(LATEST, {**manifest, "rolled_back_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
    return manifest


def prune(lake: Lake, keep: int) -> list[str]:
    """Delete all but the newest `keep` snapshots (never the published one) and every table file
    no remaining snapshot lists, and what killed runs left a day ago (`Lake.remove_debris`).
    `keep` 0 keeps every snapshot. Returns the run ids removed."""
    if keep < 0:
        raise IngestError(f"cannot keep {keep} snapshots: keep at least 1 (or 0 to keep every snapshot)")
    try:
        debris = lake.remove_debris(ORPHAN_AGE.total_seconds())
    except LakeError as exc:  # housekeeping: never a reason to fail a run that published
        log.warning("%s", exc)
        debris = 0
    if debris:
        log.info("removed %d leftovers of killed runs (half-written files or incomplete uploads)", debris)
    if keep == 0:
        return []
    runs = list_runs(lake)
    latest = next((r["run_id"] for r in runs if r["is_latest"]), None)
    kept = {r["run_id"] for r in runs[-keep:]} | ({latest} if latest else set())
    removed = [r["run_id"] for r in runs if r["run_id"] not in kept]
    referenced = {key for r in runs if r["run_id"] in kept for t in r.get("tables", {}).values() for key in t["files"]}
    known = {r["run_id"] for r in runs}
    # files of a run with no manifest may belong to a run still writing: only a day-old orphan
    # (a crashed run) is removed
    cutoff = (dt.datetime.now(dt.UTC) - ORPHAN_AGE).strftime("%Y%m%dT%H%M%S")
    stale = [
        key
        for key in lake.list_keys("tables")
        if key not in referenced and (_run_of(key) in removed or (_run_of(key) not in known and _run_of(key)[:15] < cutoff))
    ]
    lake.delete([f"manifests/{run_id}.json" for run_id in removed])
    lake.delete(stale)
    return removed


def _run_of(key: str) -> str:
    return next((part[len("run_id=") :] for part in key.split("/") if part.startswith("run_id=")), "")
