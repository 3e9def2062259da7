"""An ingest run publishes a snapshot readers can trust, locally and on S3 over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from ingest import artifacts, cli
from ingest.errors import LakeError
from ingest.lake import Lake
from sql import duck
from tests.helpers.sandbox import ingest_config
from tests.helpers.sync import metrics_of, run_ingest


def test_ingest_run_publishes_every_table_then_the_manifest_then_latest(sandbox, tmp_path):
    result = run_ingest(sandbox, str(tmp_path))
    latest = json.loads((tmp_path / "manifests" / "latest.json").read_text())
    assert latest == json.loads((tmp_path / "manifests" / f"{result.run_id}.json").read_text())
    assert latest["tables"]["symphonies"]["rows"] == 25
    for table in latest["tables"].values():
        for key in table["files"]:
            assert (tmp_path / key).exists()
            assert (tmp_path / key).stat().st_mtime <= (tmp_path / "manifests" / "latest.json").stat().st_mtime
    assert any("/year=" in key for key in latest["tables"]["daily_values"]["files"])
    assert result.exit_code == 0
    assert len(metrics_of(str(tmp_path))) == 25


def test_the_artifacts_step_writes_the_published_snapshots_metrics_from_the_sql_views(sandbox, tmp_path):
    result = run_ingest(sandbox, str(tmp_path))
    assert not (tmp_path / "artifacts").exists()  # the sync alone never runs the views
    refreshed = artifacts.refresh(ingest_config(sandbox, str(tmp_path)))
    assert refreshed.run_id == result.run_id and refreshed.symphonies == 25
    artifact = json.loads((tmp_path / "artifacts" / "metrics_by_strategy.json").read_text())
    assert artifact["run_id"] == result.run_id
    views = metrics_of(str(tmp_path))
    assert artifact["symphonies"].keys() == views.keys()
    for symphony_id, row in artifact["symphonies"].items():
        for metric in ("sharpe", "sortino", "max_drawdown", "cagr", "win_rate", "pnl", "beta"):
            expected = views[symphony_id][metric]
            if expected is None or expected != expected:
                assert row[metric] is None, (symphony_id, metric)
            else:
                assert row[metric] == pytest.approx(expected, rel=1e-12), (symphony_id, metric)
    parquet = pq.read_table(tmp_path / "artifacts" / "latest_strategies.parquet")
    assert parquet.num_rows == 25 and "sharpe" in parquet.column_names


def test_ingest_quarantines_a_malformed_symphony_and_publishes_the_rest(sandbox, tmp_path):
    victim = sandbox.app.config["SANDBOX_ACCOUNT"].symphonies[2].id
    sandbox.faults(
        {
            "kind": "body",
            "body": json.dumps({"epoch_ms": [1, 2], "series": [1.0], "deposit_adjusted_series": [1.0]}),
            "path_contains": f"/symphonies/{victim}",
        }
    )
    result = run_ingest(sandbox, str(tmp_path))
    assert result.exit_code == 1
    assert [q["symphony_id"] for q in result.quarantined] == [victim]
    manifest = json.loads((tmp_path / "manifests" / "latest.json").read_text())
    assert "differ in length" in manifest["quarantined"][0]["reason"]
    assert victim not in metrics_of(str(tmp_path)) and len(metrics_of(str(tmp_path))) == 24


def test_crash_before_latest_json_leaves_the_previous_snapshot_readable(sandbox, tmp_path, monkeypatch):
    first = run_ingest(sandbox, str(tmp_path))
    before = metrics_of(str(tmp_path))
    original = Lake.write_json

    def crash_on_latest(self, key, obj):
        if key.endswith("latest.json"):
            raise KeyboardInterrupt("killed mid-publish")
        return original(self, key, obj)

    monkeypatch.setattr(Lake, "write_json", crash_on_latest)
    with pytest.raises(KeyboardInterrupt):
        run_ingest(sandbox, str(tmp_path))
    assert json.loads((tmp_path / "manifests" / "latest.json").read_text())["run_id"] == first.run_id
    assert metrics_of(str(tmp_path)).keys() == before.keys()


def test_ingest_run_on_s3_over_http_is_read_back_by_duckdb_httpfs(sandbox, s3_bucket):
    result = run_ingest(sandbox, s3_bucket["DATA_URL"], **s3_bucket)
    metrics = metrics_of(s3_bucket["DATA_URL"], duck.S3Settings.from_env(s3_bucket))
    assert len(metrics) == 25
    assert result.manifest["tables"]["daily_values"]["rows"] > 10_000


def test_missing_bucket_fails_fast_with_one_sentence(sandbox, s3_bucket):
    env = s3_bucket | {"DATA_URL": "s3://no-such-bucket-here/composer"}
    with pytest.raises(LakeError, match="bucket 'no-such-bucket-here' does not exist: create it or fix DATA_URL"):
        run_ingest(sandbox, env["DATA_URL"], **env)


def test_cli_exit_codes_and_secret_free_output(sandbox, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DATA_URL": str(tmp_path / "lake"), **sandbox.env()}
    ok = subprocess.run([sys.executable, "-m", "ingest", "run"], env=env, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "published snapshot" in ok.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "ingest", "run"],
        env=env | {"COMPOSER_SECRET_KEY": "leaky-secret-123"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert "check COMPOSER_API_KEY and COMPOSER_SECRET_KEY" in bad.stderr
    assert "leaky-secret-123" not in bad.stderr + bad.stdout
    listing = subprocess.run([sys.executable, "-m", "ingest", "runs"], env=env, capture_output=True, text=True, timeout=60)
    assert listing.stdout.startswith("*") and "symphonies=25" in listing.stdout


def test_a_view_edit_that_fails_never_fails_the_sync_the_artifacts_step_fails_alone_with_exit_3(
    sandbox, tmp_path, monkeypatch, caplog
):
    import shutil

    lake = tmp_path / "lake"
    run_ingest(sandbox, str(lake))
    for name, value in (sandbox.env() | {"DATA_URL": str(lake), "ALERTS": "off"}).items():
        monkeypatch.setenv(name, value)
    assert cli.main(["artifacts"]) == 0
    before = (lake / "artifacts" / "metrics_by_strategy.json").read_text()
    broken_sql = tmp_path / "sql"
    shutil.copytree(duck.SQL_DIR, broken_sql)
    view = broken_sql / "metrics/symphony_metrics.sql"  # an edit that binds but fails when it runs
    view.write_text(
        view.read_text().replace("where in_report_scope", "where error('an edit that fails') is null and in_report_scope")
    )
    monkeypatch.setattr(duck, "SQL_DIR", broken_sql)

    assert cli.main(["run"]) == 3
    published = json.loads((lake / "manifests" / "latest.json").read_text())["run_id"]
    assert json.loads(before)["run_id"] != published  # the sync published its snapshot all the same
    assert (lake / "artifacts" / "metrics_by_strategy.json").read_text() == before  # the old artifacts stay whole
    assert f"the views fail on snapshot {published}" in caplog.text and "an edit that fails" in caplog.text
    assert "run `python -m ingest artifacts`" in caplog.text
    assert cli.main(["artifacts"]) == 3
