"""`python -m ingest run | runs`: the sync job's command line.

Exit status: 0 success, 1 published but some symphonies were quarantined, 2 failed (the
previous snapshot stays the published one).
"""

from __future__ import annotations

import argparse
import logging
import sys

from ingest import pipeline
from ingest.client import ComposerClient
from ingest.config import IngestConfig
from ingest.errors import IngestError
from ingest.lake import Lake

log = logging.getLogger("ingest")


def _client(config: IngestConfig) -> ComposerClient:
    config.require_credentials()
    return ComposerClient(
        config.api_base_url,
        config.api_key_id or "",
        config.api_secret or "",
        rate_limits=config.rate_limits,
        timeout_s=config.timeout_s,
        backtest_timeout_s=config.backtest_timeout_s,
        max_attempts=config.max_attempts,
    )


def cmd_run(config: IngestConfig, args: argparse.Namespace) -> int:
    with _client(config) as client:
        result = pipeline.run(config, client, artifacts=not args.no_artifacts)
    for item in result.quarantined:
        print(f"quarantined {item['symphony_id']}: {item['reason']}", file=sys.stderr)
    print(f"published snapshot {result.run_id} to {config.data_url}")
    return result.exit_code


def cmd_runs(config: IngestConfig, args: argparse.Namespace) -> int:
    lake = Lake(config.data_url, config.s3)
    latest = (lake.read_json("manifests/latest.json") or {}).get("run_id")
    for key in lake.list_keys("manifests"):
        if key.endswith("latest.json") or not key.endswith(".json"):
            continue
        manifest = lake.read_json(key) or {}
        rows = {name: t.get("rows", 0) for name, t in manifest.get("tables", {}).items()}
        marker = "*" if manifest.get("run_id") == latest else " "
        print(
            f"{marker} {manifest.get('run_id')}  {manifest.get('created_at', '')}  "
            f"symphonies={rows.get('symphonies', 0)} daily_values={rows.get('daily_values', 0)} "
            f"quarantined={len(manifest.get('quarantined', []))}"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description="Sync a Composer account into the lake.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="fetch the account and publish a new snapshot")
    run.add_argument("--no-artifacts", action="store_true", help="skip artifacts/ (metrics JSON and Parquet)")
    sub.add_parser("runs", help="list published snapshots (* marks latest.json)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise; retries are logged
    try:
        config = IngestConfig.from_env()
        return {"run": cmd_run, "runs": cmd_runs}[args.command](config, args)
    except IngestError as exc:
        log.error("%s", exc)
        return 2
