"""One ingest run: fetch every account, normalize, publish a snapshot, refresh the artifacts.

A symphony whose data fails validation is quarantined (recorded in the manifest with its
reason) and the run goes on; anything that makes the whole snapshot untrustworthy (bad
credentials, an unreachable lake) stops the run before `latest.json` changes.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pyarrow as pa

from ingest import normalize
from ingest.artifacts import write_artifacts
from ingest.client import ComposerClient
from ingest.config import IngestConfig
from ingest.errors import ComposerDataError, ComposerNotFound, ValidationError
from ingest.lake import LATEST, SCHEMA_VERSION, Lake, table_keys

log = logging.getLogger("ingest")


@dataclass
class RunResult:
    run_id: str
    manifest: dict
    quarantined: list[dict] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 success, 1 published with quarantined symphonies (2 is a failed run, raised instead)."""
        return 1 if self.quarantined else 0


def new_run_id(now: dt.datetime | None = None) -> str:
    """Sortable and unique: UTC time to the second plus random hex."""
    now = now or dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


@dataclass
class Collected:
    """Rows gathered for each table, plus what was set aside."""

    rows: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in normalize.TABLES})
    quarantined: list[dict] = field(default_factory=list)


def fetch_symphony(client: ComposerClient, account_id: str, symphony_id: str, benchmarks: list[str]) -> tuple[list, list, dict]:
    live = normalize.normalize_live_values(account_id, symphony_id, client.live_values(account_id, symphony_id))
    backtest_rows, stats = normalize.normalize_backtest(symphony_id, client.backtest(symphony_id, benchmarks))
    return live, backtest_rows, stats


def collect(client: ComposerClient, config: IngestConfig) -> Collected:
    out = Collected()
    accounts = client.accounts()
    if config.account_ids:
        accounts = [a for a in accounts if a.get("account_uuid") in config.account_ids]
    for account in accounts:
        account_id = account.get("account_uuid")
        out.rows["accounts"].append(normalize.normalize_account(account, client.total_stats(account_id)))
        entries = client.symphony_stats_meta(account_id)
        log.info("account %s: %d symphonies", account_id, len(entries))
        symphonies = []
        for entry in entries:
            try:
                symphonies.append(normalize.normalize_symphony(account_id, entry))
                out.rows["holdings"].extend(normalize.normalize_holdings(account_id, entry))
            except ValidationError as exc:
                out.quarantined.append(
                    {
                        "account_id": account_id,
                        "symphony_id": entry.get("id") if isinstance(entry, dict) else None,
                        "reason": str(exc),
                    }
                )
        with ThreadPoolExecutor(max_workers=max(1, config.max_concurrency)) as pool:
            futures = {
                s["symphony_id"]: pool.submit(fetch_symphony, client, account_id, s["symphony_id"], [config.benchmark_ticker])
                for s in symphonies
            }
            for done, symphony in enumerate(symphonies, start=1):
                sid = symphony["symphony_id"]
                try:
                    live, backtest_rows, stats = futures[sid].result()
                except (ValidationError, ComposerDataError, ComposerNotFound) as exc:
                    log.warning("quarantined symphony %s: %s", sid, exc)
                    out.quarantined.append({"account_id": account_id, "symphony_id": sid, "reason": str(exc)})
                    continue
                out.rows["symphonies"].append(symphony)
                out.rows["daily_values"].extend(live)
                out.rows["backtest_values"].extend(backtest_rows)
                out.rows["backtest_stats"].append(stats)
                if done % 25 == 0 or done == len(symphonies):
                    log.info("fetched %d/%d symphonies", done, len(symphonies))
    quarantined_ids = {q["symphony_id"] for q in out.quarantined}
    out.rows["holdings"] = [h for h in out.rows["holdings"] if h["symphony_id"] not in quarantined_ids]
    out.rows["benchmark_values"] = normalize.benchmark_values(out.rows["backtest_values"])
    return out


def publish(lake: Lake, run_id: str, tables: dict[str, pa.Table], extra: dict) -> dict:
    """Write every file, then the run's manifest, then latest.json (the publish step)."""
    entries, written = {}, 0
    for name, table in tables.items():
        files = []
        for key, part in table_keys(run_id, name, table):
            written += lake.write_parquet(key, part)
            files.append(key)
        entries[name] = {"files": files, "rows": table.num_rows}
    manifest = {
        "run_id": run_id,
        "schema_version": SCHEMA_VERSION,
        "status": "published",
        "tables": entries,
        "bytes_written": written,
        **extra,
    }
    lake.write_json(f"manifests/{run_id}.json", manifest)
    lake.write_json(LATEST, manifest)
    return manifest


def run(config: IngestConfig, client: ComposerClient, lake: Lake | None = None, artifacts: bool = True) -> RunResult:
    started = time.monotonic()
    run_id = new_run_id()
    lake = lake or Lake(config.data_url, config.s3)
    lake.check_reachable()
    log.info("run %s: fetching from %s into %s", run_id, config.api_base_url, config.data_url)
    collected = collect(client, config)
    fetched = time.monotonic()
    tables = {name: normalize.to_table(name, rows) for name, rows in collected.rows.items()}
    manifest = publish(
        lake,
        run_id,
        tables,
        {
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "source": {"api_base_url": config.api_base_url, "accounts": [r["account_id"] for r in collected.rows["accounts"]]},
            "quarantined": collected.quarantined,
            "requests": {
                "made": client.stats.requests,
                "retries": client.stats.retries,
                "rate_limited": client.stats.rate_limited,
            },
            "timings_s": {"fetch": round(fetched - started, 3), "publish": round(time.monotonic() - fetched, 3)},
        },
    )
    if artifacts:
        write_artifacts(lake, config, run_id)
    log.info(
        "run %s published: %d symphonies, %d daily rows, %d quarantined, %d requests (%d retries), %.1f KiB in %.1fs",
        run_id,
        tables["symphonies"].num_rows,
        tables["daily_values"].num_rows,
        len(collected.quarantined),
        client.stats.requests,
        client.stats.retries,
        manifest["bytes_written"] / 1024,
        time.monotonic() - started,
    )
    return RunResult(run_id=run_id, manifest=manifest, quarantined=collected.quarantined)
