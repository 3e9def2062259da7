"""The artifacts step: `artifacts/` for consumers without DuckDB (the metrics of every symphony as
JSON and Parquet), computed by the `sql/` views on the published snapshot.

A step of its own, after the sync: the sync never runs the dashboard's SQL, so a broken `.sql` edit
cannot fail a sync or hold back a snapshot (the dashboard falls back on its own when views fail).
This step then fails alone, with its own exit status (3) and a message naming the view's error.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from ingest.config import IngestConfig
from ingest.errors import ArtifactsFailed, LakeError, short_error
from ingest.lake import Lake
from ingest.snapshots import LATEST
from sql import duck

STRATEGIES_KEY = "artifacts/latest_strategies.parquet"
METRICS_KEY = "artifacts/metrics_by_strategy.json"


@dataclass(frozen=True)
class Refreshed:
    run_id: str
    symphonies: int

    def line(self) -> str:
        return f"artifacts refreshed for snapshot {self.run_id}: {self.symphonies} symphonies ({STRATEGIES_KEY}, {METRICS_KEY})"


def _jsonable(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def symphony_metrics(config: IngestConfig, run_id: str) -> pa.Table:
    """symphony_metrics of one snapshot, from the `sql/` views; ArtifactsFailed when they fail."""
    try:
        with duck.snapshot_copy(config.s3, config.data_url, run_id, config.metrics, config.memory_mb) as con:
            return con.sql("SELECT * FROM symphony_metrics ORDER BY symphony_id").to_arrow_table()
    except duckdb.Error as exc:
        raise ArtifactsFailed(
            f"artifacts/ was not refreshed: the views fail on snapshot {run_id} ({short_error(exc)}). "
            "The snapshot itself is published and served; fix the .sql file, then run `python -m ingest artifacts`."
        ) from exc


def refresh(config: IngestConfig, lake: Lake | None = None) -> Refreshed:
    """Compute and write the artifacts of the snapshot latest.json names."""
    lake = lake or Lake(config.data_url, config.s3)
    latest = lake.read_json(LATEST)
    if not latest or not latest.get("run_id"):
        raise LakeError(f"no snapshot is published at {config.data_url} yet: run `python -m ingest run` first.")
    run_id = latest["run_id"]
    metrics = symphony_metrics(config, run_id)
    lake.write_parquet(STRATEGIES_KEY, metrics)
    rows = {r["symphony_id"]: {k: _jsonable(v) for k, v in r.items()} for r in metrics.to_pylist()}
    lake.write_bytes(METRICS_KEY, json.dumps({"run_id": run_id, "symphonies": rows}, indent=1).encode())
    return Refreshed(run_id, metrics.num_rows)
