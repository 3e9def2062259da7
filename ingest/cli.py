"""`python -m ingest run | live | artifacts | alerts | doctor | runs | rollback RUN_ID | prune`: the
sync job's command line.

Exit status of `live`: 0 every reading published (or the market is closed: nothing to read), 1 a
reading failed (the last good one stays published), 2 the job could not start.

Exit status of `run`: 0 success, 1 published with something set aside (a part of a symphony, a
report window), 2 failed (the previous snapshot stays the published one), 3 published but the artifacts step failed (the
views fail on the snapshot: the message names the error; `artifacts` retries the step alone).
"""

from __future__ import annotations

import argparse
import logging
import sys

from ingest import artifacts, pipeline, snapshots
from ingest.client import ComposerClient
from ingest.config import IngestConfig
from ingest.errors import ArtifactsFailed, IngestError
from ingest.lake import Lake
from ingest.progress import Progress

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
    """Sync; then refresh the artifacts of the published snapshot (a step of its own: its failure
    is exit status 3, never a failed sync); then, unless ALERTS=off, evaluate and deliver the
    alerts whatever the sync's outcome (a failed sync is itself an alert)."""
    try:
        code = _sync(config, args)
        message = None
    except IngestError as exc:
        log.error("%s", exc)
        code, message = 2, str(exc)
    if code != 2 and not args.no_artifacts:
        code = cmd_artifacts(config, args) or code
    if config.alerts_enabled:
        from ingest.alerts import runner

        for line in runner.run(config, sync_exit_code=code, sync_message=message).lines():
            print(line, file=sys.stderr)
    return code


def cmd_artifacts(config: IngestConfig, args: argparse.Namespace) -> int:
    """Refresh artifacts/ from the published snapshot; exit 3 when the views fail on it."""
    try:
        print(artifacts.refresh(config).line())
        return 0
    except ArtifactsFailed as exc:
        log.error("%s", exc)
        return 3


def cmd_alerts(config: IngestConfig, args: argparse.Namespace) -> int:
    """Print what the rules find on the published snapshot (and, with --send, deliver it; with
    --test, send a test message to every channel). Exit 1 when something could not be evaluated
    or delivered."""
    from ingest.alerts import runner

    print(f"alert channels: {', '.join(config.alert_channels_shown) or 'none (set ALERT_URLS)'}")
    if args.test:
        lines = runner.send_test(config)
        for line in lines:
            print(line)
        return 1 if any("failed" in line for line in lines) or not lines else 0
    summary = runner.run(config, send=args.send)
    for line in summary.lines() + summary.active_lines():
        print(line)
    if not args.send and summary.events:
        print("(not sent: add --send to deliver them and remember that they were)")
    return 1 if summary.error or summary.failures or summary.rule_errors else 0


def _sync(config: IngestConfig, args: argparse.Namespace) -> int:
    with _client(config) as client:
        result = pipeline.run(config, client, progress=Progress())
    for item in result.quarantined:
        kept = " (the previous snapshot's kept)" if item.get("history_kept") else ""
        print(f"set aside {pipeline.quarantined_what(item)}{kept}: {item['reason']}", file=sys.stderr)
    if result.quarantined:
        print(pipeline.set_aside_summary(result.quarantined), file=sys.stderr)
    for note in result.manifest.get("notes", []):
        print(f"note: {note}", file=sys.stderr)
    manifest = result.manifest
    rows = {name: table["rows"] for name, table in manifest["tables"].items()}
    status = manifest["status"] + (f" (superseded by {manifest['superseded_by']})" if manifest.get("superseded_by") else "")
    print(
        f"{status} snapshot {result.run_id} to {config.data_url}: {rows['symphonies']} symphonies, "
        f"{rows['daily_values']} daily values, {len(result.quarantined)} set aside, "
        f"{manifest['requests']['made']} requests ({manifest['requests']['retries']} retries), "
        f"{manifest['files_written']} files, {manifest['bytes_written'] / 1024:.1f} KiB written, "
        f"{result.seconds:.1f}s"
    )
    return result.exit_code


def cmd_live(config: IngestConfig, args: argparse.Namespace) -> int:
    """Intraday readings while the market is open (one with --once), then the live alert rules
    after each unless ALERTS=off."""
    from ingest.live import job
    from ingest.live.clock import SystemClock

    lake = Lake(config.data_url, config.s3)
    after = _live_alerts(config, lake) if config.alerts_enabled else None
    with _client(config) as client:
        outcome = job.run(config, client, lake, SystemClock(), once=args.once, after_reading=after, show=_print_now)
    return outcome.exit_code


def _print_now(line: str) -> None:
    print(line, flush=True)


def _live_alerts(config: IngestConfig, lake: Lake):
    from ingest.alerts import live_runner

    def after_reading(session, now) -> list[str]:
        summary = live_runner.run(config, lake, session.market_date, now)
        return [f"live {line}" for line in summary.lines()]

    return after_reading


def cmd_doctor(config: IngestConfig, args: argparse.Namespace) -> int:
    """Exit 0 when every endpoint answers as the spec says (or is not available for this key and
    the sync does without), 1 when one differs or failed."""
    from ingest.doctor import Doctor

    print(f"checking {config.api_base_url_shown} against Composer's published API (nothing is written to the lake)")
    with _client(config) as client:
        checks = Doctor(client).run()
    for check in checks:
        print(check.line())
    bad = [c for c in checks if c.status in ("differs", "failed")]
    absent = sum(c.status == "absent" for c in checks)
    ok = len(checks) - len(bad) - absent
    print(f"{ok} of {len(checks)} endpoints ok" + (f", {absent} not available for this key" if absent else ""))
    return 1 if bad else 0


def cmd_runs(config: IngestConfig, args: argparse.Namespace) -> int:
    for manifest in snapshots.list_runs(Lake(config.data_url, config.s3)):
        rows = {name: t.get("rows", 0) for name, t in manifest.get("tables", {}).items()}
        print(
            f"{'*' if manifest['is_latest'] else ' '} {manifest.get('run_id')}  {manifest.get('created_at', '')}  "
            f"{manifest.get('status', '')}  symphonies={rows.get('symphonies', 0)} daily_values={rows.get('daily_values', 0)} "
            f"quarantined={len(manifest.get('quarantined', []))}"
        )
    return 0


def cmd_rollback(config: IngestConfig, args: argparse.Namespace) -> int:
    snapshots.rollback(Lake(config.data_url, config.s3), args.run_id)
    print(f"latest.json now names snapshot {args.run_id}")
    return 0


def cmd_prune(config: IngestConfig, args: argparse.Namespace) -> int:
    lake = Lake(config.data_url, config.s3)
    keep = args.keep if args.keep is not None else config.keep_snapshots
    removed = snapshots.prune(lake, keep)
    print(f"pruned {len(removed)} snapshots" + (f": {', '.join(removed)}" if removed else ""))
    runs = snapshots.list_runs(lake)
    published = next((r["run_id"] for r in runs if r["is_latest"]), None)
    if keep and published and published not in [r["run_id"] for r in runs[-keep:]]:
        print(f"kept {len(runs)}: the newest {keep} and {published}, which latest.json names (it is never pruned)")
    elif keep == 0:
        print("kept every snapshot (keep 0)")
    return 0


def _keep(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(
            f"{number} would prune the snapshot being served: keep at least 1 (INGEST_KEEP_SNAPSHOTS=0 keeps every snapshot)"
        )
    return number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description="Sync a Composer account into the lake.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="fetch the account and publish a new snapshot")
    run.add_argument("--no-artifacts", action="store_true", help="skip the artifacts step (artifacts/: metrics JSON and Parquet)")
    live = sub.add_parser(
        "live", help="intraday readings every LIVE_INTERVAL_SECONDS while the market is open, and the live alerts"
    )
    live.add_argument("--once", action="store_true", help="take one reading and exit (a cron every 5 minutes in market hours)")
    sub.add_parser("artifacts", help="refresh artifacts/ from the published snapshot with the sql/ views (exit 3 when they fail)")
    alerts = sub.add_parser("alerts", help="evaluate the alert rules on the published snapshot and print what would be sent")
    alerts.add_argument("--send", action="store_true", help="deliver the messages to ALERT_URLS and save the alert state")
    alerts.add_argument("--test", action="store_true", help="send a test message to every channel in ALERT_URLS")
    sub.add_parser("doctor", help="check each endpoint Composer serves against its published spec (writes nothing)")
    sub.add_parser("runs", help="list snapshots (* marks the one latest.json names)")
    rollback = sub.add_parser("rollback", help="point latest.json back at an earlier snapshot")
    rollback.add_argument("run_id")
    prune_cmd = sub.add_parser("prune", help="delete all but the newest snapshots (INGEST_KEEP_SNAPSHOTS)")
    prune_cmd.add_argument("--keep", type=_keep, default=None, help="how many of the newest snapshots to keep (at least 1)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise; retries are logged
    logging.getLogger("apprise").setLevel(logging.CRITICAL)  # its lines can quote the secret URL; failures are reported redacted
    try:
        config = IngestConfig.from_env()
        commands = {
            "run": cmd_run,
            "live": cmd_live,
            "artifacts": cmd_artifacts,
            "alerts": cmd_alerts,
            "doctor": cmd_doctor,
            "runs": cmd_runs,
            "rollback": cmd_rollback,
            "prune": cmd_prune,
        }
        return commands[args.command](config, args)
    except IngestError as exc:
        log.error("%s", exc)
        return 2
