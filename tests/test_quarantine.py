"""A symphony whose live values fail is set aside, not lost: its last good history stays in the new
snapshot (marked stale with the reason) while its other parts publish, one that keeps failing does
not fail the run, Composer being down for every symphony does, and the dashboard lists what was set
aside."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow.compute as pc
import pytest

from ingest.errors import ComposerUnavailable
from ingest.lake import Lake
from ingest.normalize import SCHEMAS
from tests.helpers.metric_lake import query
from tests.helpers.sandbox import AS_OF
from tests.helpers.sync import TRUNCATED, run, tables_of
from webapp import notices
from webapp.config import WebConfig
from webapp.store import LakeData, readers


def account_pnl(lake: str) -> float:
    return query(lake, "select sum(pnl) as pnl from portfolio_metrics")[0]["pnl"]


def test_a_quarantined_symphony_keeps_its_last_good_history_marked_stale(start_sandbox, tmp_path):
    lake = str(tmp_path)
    first = run(start_sandbox(), lake)
    next_day = start_sandbox(as_of=AS_OF + dt.timedelta(days=3))
    victim = next_day.app.config["SANDBOX_ACCOUNT"].symphonies[2].id
    next_day.faults({"kind": "body", "body": TRUNCATED, "path_contains": f"/symphonies/{victim}"})
    second = run(next_day, lake)

    assert second.exit_code == 1
    (item,) = second.manifest["quarantined"]
    assert item["symphony_id"] == victim and item["part"] == "live" and item["history_kept"]
    assert "differ in length" in item["reason"] and item["stale_since_run"] == first.run_id
    tables = tables_of(Lake(lake), second.manifest)
    before = tables_of(Lake(lake), first.manifest)
    for name in ("daily_values", "backtest_values", "holdings"):
        order = [(c, "ascending") for c in SCHEMAS[name].names]
        kept = tables[name].filter(pc.equal(tables[name]["symphony_id"], victim)).sort_by(order)
        was = before[name].filter(pc.equal(before[name]["symphony_id"], victim)).sort_by(order)
        assert kept.num_rows and kept.equals(was) == (name != "holdings"), name  # the holdings are today's: they publish
    (row,) = query(lake, f"select stale_reason, stale_since_run from symphonies where symphony_id = '{victim}'")
    assert "differ in length" in row["stale_reason"] and row["stale_since_run"] == first.run_id
    metrics = {r["symphony_id"] for r in query(lake, "select symphony_id from symphony_metrics where days > 0")}
    assert victim in metrics and len(metrics) == 25
    fresh = [r for r in query(lake, "select symphony_id, stale_reason from symphonies") if r["symphony_id"] != victim]
    assert all(r["stale_reason"] is None for r in fresh)

    third = run(next_day, lake)  # the fault is gone: the symphony is fresh again
    assert third.exit_code == 0
    assert query(lake, f"select stale_reason from symphonies where symphony_id = '{victim}'")[0]["stale_reason"] is None


def test_a_symphony_that_keeps_answering_503_is_quarantined_and_the_run_publishes(sandbox, tmp_path):
    run(sandbox, str(tmp_path))
    victim = sandbox.app.config["SANDBOX_ACCOUNT"].symphonies[4].id
    pnl = account_pnl(str(tmp_path))
    sandbox.faults(*[{"kind": "status", "status": 503, "path_contains": f"/symphonies/{victim}/"}] * 12)
    second = run(sandbox, str(tmp_path), BACKTEST_MAX_AGE_DAYS="0")  # the backtest is fetched again, and fails
    assert second.exit_code == 1
    assert [q["symphony_id"] for q in second.quarantined] == [victim] and second.quarantined[0]["history_kept"]
    assert account_pnl(str(tmp_path)) == pytest.approx(pnl, rel=1e-12)  # nothing vanished from the account


def test_composer_down_for_every_symphony_fails_the_run_and_publishes_nothing(sandbox, tmp_path):
    first = run(sandbox, str(tmp_path))
    sandbox.faults(*[{"kind": "status", "status": 503, "path_contains": "/backtest"}] * 400)
    with pytest.raises(ComposerUnavailable):
        run(sandbox, str(tmp_path), BACKTEST_MAX_AGE_DAYS="0")
    assert json.loads((tmp_path / "manifests" / "latest.json").read_text())["run_id"] == first.run_id


def test_the_dashboard_lists_what_the_run_set_aside_with_the_reason(start_sandbox, tmp_path):
    lake = str(tmp_path)
    first = run(start_sandbox(), lake)
    next_day = start_sandbox(as_of=AS_OF + dt.timedelta(days=3))
    victim = next_day.app.config["SANDBOX_ACCOUNT"].symphonies[2]
    next_day.faults({"kind": "body", "body": TRUNCATED, "path_contains": f"/symphonies/{victim.id}"})
    run(next_day, lake)
    frame = readers.quarantined(LakeData(WebConfig(data_url=lake)))
    alert = notices.quarantine_notice(frame)
    text = str(alert.children)
    assert "1 item could not be synced" in text and victim.name in text and "differ in length" in text
    assert f"showing its live values from snapshot {first.run_id}" in text
    assert notices.quarantine_notice(frame.iloc[0:0]) is None
