"""Ingest runs against the sandbox, and what they publish."""

from __future__ import annotations

import json

from ingest import pipeline
from ingest.lake import Lake
from ingest.normalize import SCHEMAS
from sql import duck
from tests.helpers.sandbox import client_for, ingest_config


def run(sandbox, data_url: str, **env: str) -> pipeline.RunResult:
    with client_for(sandbox) as client:
        return pipeline.run(ingest_config(sandbox, data_url, **env), client)


def tables_of(lake: Lake, manifest: dict) -> dict:
    return {name: lake.read_table(t["files"], SCHEMAS[name]) for name, t in manifest["tables"].items()}


def run_ingest(sandbox, data_url: str, **env: str) -> pipeline.RunResult:
    config = ingest_config(sandbox, data_url, **env)
    with client_for(sandbox) as client:
        return pipeline.run(config, client)


def metrics_of(data_url: str, s3=None) -> dict[str, dict]:
    con = duck.connect(s3)
    duck.load_views(con, data_url)
    frame = con.execute("select * from symphony_metrics").df()
    return {row["symphony_id"]: row for row in frame.to_dict("records")}


TRUNCATED = json.dumps({"epoch_ms": [1, 2], "series": [1.0], "deposit_adjusted_series": [1.0]})
