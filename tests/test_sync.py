"""The nightly sync: incremental, idempotent, atomic under crashes and concurrency, versioned."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from ingest import pipeline, snapshots
from ingest.lake import Lake
from ingest.normalize import SCHEMAS
from ingest.progress import Progress
from sandbox import payloads
from tests.helpers.browser import ROOT
from tests.helpers.sandbox import AS_OF, client_for, ingest_config
from tests.helpers.sync import metrics_of, run, tables_of


def test_second_run_on_an_unchanged_account_reuses_everything_and_equals_the_first(sandbox, tmp_path):
    first = run(sandbox, str(tmp_path))
    second = run(sandbox, str(tmp_path))
    lake = Lake(str(tmp_path))
    # the account list, then per account (two): four account-level calls, the last week of each
    # activity report, one call for the direct orders and one for the per-symphony holdings history
    assert second.manifest["requests"]["made"] == 17 < first.manifest["requests"]["made"]
    assert second.manifest["reused_from_previous"] == {"live_values": 25, "backtests": 25}
    assert second.manifest["files_written"] == 2  # its manifest and latest.json: every table is the same
    first_tables, second_tables = tables_of(lake, first.manifest), tables_of(lake, second.manifest)
    for name in SCHEMAS:
        assert second_tables[name].equals(first_tables[name]), name
    assert json.loads((tmp_path / "manifests" / "latest.json").read_text())["run_id"] == second.run_id


def test_a_new_trading_day_fetches_live_values_and_keeps_fresh_backtests(start_sandbox, tmp_path):
    run(start_sandbox(), str(tmp_path))
    next_day = start_sandbox(as_of=AS_OF + dt.timedelta(days=3))  # the next Monday
    second = run(next_day, str(tmp_path))
    assert second.manifest["reused_from_previous"] == {"live_values": 1, "backtests": 25}  # the liquidated one has no new day
    metrics = metrics_of(str(tmp_path))
    assert max(m["end_date"] for m in metrics.values()).date() == dt.date(2026, 11, 23)


def test_backtests_older_than_the_configured_age_are_fetched_again(sandbox, tmp_path):
    run(sandbox, str(tmp_path))
    second = run(sandbox, str(tmp_path), BACKTEST_MAX_AGE_DAYS="0")
    assert second.manifest["reused_from_previous"]["backtests"] == 0


def test_two_runs_at_once_publish_complete_snapshots_only(sandbox, tmp_path):
    results, errors = [], []

    def one_run():
        try:
            results.append(run(sandbox, str(tmp_path), INGEST_FULL_REFRESH="true"))
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    lake = Lake(str(tmp_path))
    latest = lake.read_json("manifests/latest.json")
    assert latest["run_id"] == max(r.run_id for r in results)
    for result in results:
        for table in result.manifest["tables"].values():
            assert all(lake.exists(key) for key in table["files"])
            assert all(f"run_id={result.run_id}" in key for key in table["files"])
    assert len(metrics_of(str(tmp_path))) == 25


def test_killing_ingest_mid_publish_leaves_the_previous_snapshot_readable(sandbox, tmp_path):
    first = run(sandbox, str(tmp_path))
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), **sandbox.env()}
    env |= {"DATA_URL": str(tmp_path), "INGEST_FULL_REFRESH": "true"}
    process = subprocess.Popen(
        [sys.executable, "-m", "ingest", "run", "--no-artifacts"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    killed_mid_publish = False
    while time.monotonic() < deadline and process.poll() is None:
        new_dirs = [p for p in (tmp_path / "tables").glob("*/run_id=*") if first.run_id not in p.name]
        if new_dirs:
            process.send_signal(signal.SIGKILL)
            killed_mid_publish = True
            break
        time.sleep(0.002)
    process.wait(timeout=30)
    assert killed_mid_publish, "the run finished before it could be killed"
    assert json.loads((tmp_path / "manifests" / "latest.json").read_text())["run_id"] == first.run_id
    assert len(metrics_of(str(tmp_path))) == 25


def test_rollback_points_latest_back_and_refuses_unknown_runs(start_sandbox, tmp_path):
    first = run(start_sandbox(), str(tmp_path))
    run(start_sandbox(as_of=AS_OF + dt.timedelta(days=3)), str(tmp_path))
    lake = Lake(str(tmp_path))
    snapshots.rollback(lake, first.run_id)
    assert lake.read_json("manifests/latest.json")["run_id"] == first.run_id
    assert max(m["end_date"] for m in metrics_of(str(tmp_path)).values()).date() == AS_OF
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "DATA_URL": str(tmp_path)}
    bad = subprocess.run(
        [sys.executable, "-m", "ingest", "rollback", "20990101T000000Z-nope"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert bad.returncode == 2 and "ingest runs" in bad.stderr
    listing = subprocess.run([sys.executable, "-m", "ingest", "runs"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert [line[0] for line in listing.stdout.splitlines()] == ["*", " "]


def test_retention_prunes_old_snapshots_but_never_the_published_one(start_sandbox, tmp_path):
    runs = [run(start_sandbox(as_of=AS_OF + dt.timedelta(days=d)), str(tmp_path), INGEST_KEEP_SNAPSHOTS="2") for d in (0, 3, 4)]
    lake = Lake(str(tmp_path))
    assert [r["run_id"] for r in snapshots.list_runs(lake)] == [r.run_id for r in runs[1:]]
    referenced = {key for r in snapshots.list_runs(lake) for t in r["tables"].values() for key in t["files"]}
    left = {str(p.relative_to(tmp_path)) for p in (tmp_path / "tables").glob(f"*/run_id={runs[0].run_id}/**/*.parquet")}
    assert left and left <= referenced  # what survives is reused by a kept snapshot (unchanged tables)
    assert not any("daily_values" in key for key in left)
    snapshots.rollback(lake, runs[1].run_id)
    snapshots.prune(lake, keep=1)
    assert [r["run_id"] for r in snapshots.list_runs(lake)] == [runs[1].run_id, runs[2].run_id]  # the published one stays
    assert len(metrics_of(str(tmp_path))) == 25


def test_progress_prints_plain_lines_when_not_on_a_terminal(sandbox, tmp_path, caplog):
    caplog.set_level("INFO", logger="ingest")
    with client_for(sandbox) as client:
        pipeline.run(ingest_config(sandbox, str(tmp_path)), client, progress=Progress())
    lines = [r.getMessage() for r in caplog.records if "symphonies" in r.getMessage() and "/20" in r.getMessage()]
    assert lines[0].endswith("0/20 symphonies") and lines[-1].endswith("20/20 symphonies")  # the taxable account
    assert len(lines) == 11


def test_sync_survives_dropped_connections_429_without_retry_after_and_5xx(sandbox, tmp_path):
    sid = sandbox.app.config["SANDBOX_ACCOUNT"].symphonies[4].id
    sandbox.faults(
        {"kind": "drop", "path_contains": "/symphony-stats-meta"},
        {"kind": "status", "status": 429, "path_contains": f"/symphonies/{sid}"},
        {"kind": "status", "status": 502, "path_contains": "/backtest"},
        {"kind": "slow", "seconds": 0.3, "path_contains": "/total-stats"},
    )
    result = run(sandbox, str(tmp_path))
    assert result.exit_code == 0 and result.manifest["tables"]["symphonies"]["rows"] == 25
    assert result.manifest["requests"]["retries"] == 4 and result.manifest["requests"]["rate_limited"] == 1


def test_wrong_types_in_symphony_stats_are_read_leniently(sandbox, tmp_path):
    account = sandbox.app.config["SANDBOX_ACCOUNT"]
    payload = payloads.stats_meta_payload(account)
    payload["symphonies"][0]["sharpe_ratio"] = "not a number"
    payload["symphonies"][0]["value"] = None
    sandbox.faults({"kind": "body", "body": json.dumps(payload), "path_contains": "/symphony-stats-meta"})
    run(sandbox, str(tmp_path))
    row = metrics_of(str(tmp_path))[payload["symphonies"][0]["id"]]
    assert row["composer_sharpe"] is None or row["composer_sharpe"] != row["composer_sharpe"]
    assert row["sharpe"] is not None


@pytest.mark.parametrize("pages", ["[]", "{}", '{"symphonies": "nope"}'])
def test_malformed_account_listing_fails_the_run_and_keeps_the_previous_snapshot(sandbox, tmp_path, pages):
    first = run(sandbox, str(tmp_path))
    sandbox.faults({"kind": "body", "body": pages, "path_contains": "/symphony-stats-meta"})
    with pytest.raises(Exception, match="symphony-stats-meta"):
        run(sandbox, str(tmp_path))
    assert json.loads((tmp_path / "manifests" / "latest.json").read_text())["run_id"] == first.run_id


def test_activity_reports_and_versions_are_complete(sandbox, tmp_path):
    run(sandbox, str(tmp_path), REPORT_WINDOW_DAYS="200")
    account = sandbox.app.config["SANDBOX_ACCOUNT"]
    lake = Lake(str(tmp_path))
    manifest = lake.read_json("manifests/latest.json")
    activity = lake.read_table(manifest["tables"]["activity"]["files"], SCHEMAS["activity"]).to_pylist()
    for n, account_id in enumerate(account.account_uuids):  # deposits are the account's, not a symphony's
        cash = sum(r["amount"] for r in activity if r["account_id"] == account_id and r["kind"] in ("DEPOSIT", "WITHDRAWAL"))
        assert cash == pytest.approx(sum(account.net_deposits(s.index) for s in account.symphonies_of(n)))
    assert sum(r["kind"] == "TRADE" for r in activity) > 1000
    versions = lake.read_table(manifest["tables"]["symphony_versions"]["files"], SCHEMAS["symphony_versions"]).to_pylist()
    edited = {s.id for s in account.symphonies if s.edits}
    assert {v["symphony_id"] for v in versions} == edited
    assert all(sum(v["symphony_id"] == sid for v in versions) == 3 for sid in edited)


def test_the_run_log_and_the_cli_report_one_duration(sandbox, tmp_path, caplog):
    caplog.set_level("INFO", logger="ingest")
    result = run(sandbox, str(tmp_path))
    (summary,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith(f"run {result.run_id} published")]
    assert summary.endswith(f"{result.seconds:.1f}s") and result.seconds > 0


def test_lake_errors_are_cut_at_a_word_with_an_ellipsis():
    from ingest.errors import short_error

    message = "AWS Error ACCESS_DENIED during PutObject operation: " + "the request signature does not match " * 20
    short = short_error(OSError(message))
    assert short.endswith(" …") and len(short) <= 242 and message.startswith(short[:-2])
    assert short[:-2].split(" ")[-1] in message.split(" ")  # a whole word before the ellipsis
    assert short_error(OSError("short message")) == "short message"
