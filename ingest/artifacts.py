"""The check a snapshot passes before it is published, and the artifacts for consumers without
DuckDB: both run the `sql/` views on the new snapshot, once."""

from __future__ import annotations

import datetime as dt
import json
import math

import duckdb
import pyarrow as pa

from ingest.config import IngestConfig
from ingest.errors import SnapshotUnusable
from ingest.lake import Lake, short_error
from sql import duck

STRATEGIES_KEY = "artifacts/latest_strategies.parquet"
METRICS_KEY = "artifacts/metrics_by_strategy.json"


def _jsonable(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def check_snapshot(config: IngestConfig, run_id: str) -> pa.Table:
    """symphony_metrics of a written but unpublished snapshot, and proof that the views the
    dashboard opens with load and compute on it; SnapshotUnusable (latest.json is then left alone)
    when they do not."""
    con = duck.connect(config.s3)
    try:
        duck.load_views(con, config.data_url, manifest_key=f"manifests/{run_id}.json", params=config.metrics)
        metrics = con.sql("SELECT * FROM symphony_metrics ORDER BY symphony_id").to_arrow_table()
        con.execute("SELECT count(*) FROM portfolio_metrics").fetchone()
    except duckdb.Error as exc:
        raise SnapshotUnusable(
            f"snapshot {run_id} was written but not published: the views fail on it ({short_error(exc)}). "
            "latest.json still names the previous snapshot; the run's manifest stays for inspection."
        ) from exc
    finally:
        con.close()
    return metrics


def write_artifacts(lake: Lake, run_id: str, metrics: pa.Table) -> None:
    lake.write_parquet(STRATEGIES_KEY, metrics)
    rows = {r["symphony_id"]: {k: _jsonable(v) for k, v in r.items()} for r in metrics.to_pylist()}
    lake.write_bytes(METRICS_KEY, json.dumps({"run_id": run_id, "symphonies": rows}, indent=1).encode())
