"""Artifacts for consumers without DuckDB, computed by running the `sql/` views on a snapshot."""

from __future__ import annotations

import datetime as dt
import json
import math

from ingest.config import IngestConfig
from ingest.lake import Lake
from sql import duck

STRATEGIES_KEY = "artifacts/latest_strategies.parquet"
METRICS_KEY = "artifacts/metrics_by_strategy.json"


def _jsonable(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_artifacts(lake: Lake, config: IngestConfig, run_id: str) -> None:
    con = duck.connect(config.s3)
    try:
        duck.load_views(con, config.data_url, manifest_key=f"manifests/{run_id}.json", params=config.metrics)
        metrics = con.sql("SELECT * FROM symphony_metrics ORDER BY symphony_id").to_arrow_table()
    finally:
        con.close()
    lake.write_parquet(STRATEGIES_KEY, metrics)
    rows = {r["symphony_id"]: {k: _jsonable(v) for k, v in r.items()} for r in metrics.to_pylist()}
    lake.write_bytes(METRICS_KEY, json.dumps({"run_id": run_id, "symphonies": rows}, indent=1).encode())
