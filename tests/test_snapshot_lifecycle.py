"""How the dashboard lives with months of nightly snapshots: one snapshot in memory (the old one
closed once no request uses it), no request waiting on S3, /healthz answering within two seconds
whatever S3 does, and a fallback to the newest snapshot that loads, said on the page."""

from __future__ import annotations

import dataclasses
import json
import pathlib
import statistics
import threading
import time

import duckdb
import httpx
import pytest

from bench.dash_client import Browser
from bench.processes import worker_rss_mb
from tests.helpers.browser import ARTIFACTS, start_dashboard, stop
from tests.helpers.metric_lake import symphonies, write_lake
from tests.helpers.polling import wait_for
from webapp.config import WebConfig
from webapp.store import LakeData, LakeUnavailable, readers
from webapp.store import loading as snapshot_loader


def lake_data(root, **overrides) -> LakeData:
    return LakeData(dataclasses.replace(WebConfig(data_url=str(root)), snapshot_check_seconds=0.0, **overrides))


def republish(root: pathlib.Path, run_id: str) -> None:
    """Publish the files of the latest snapshot again under a new run id (a nightly run that
    found nothing new writes a manifest pointing at the same files)."""
    manifest = json.loads((root / "manifests" / "latest.json").read_text()) | {"run_id": run_id}
    (root / "manifests" / f"{run_id}.json").write_text(json.dumps(manifest))
    (root / "manifests" / "latest.json").write_text(json.dumps(manifest))


def break_latest(root: pathlib.Path, run_id: str) -> None:
    """A published snapshot whose table files are gone (a bad prune, a half-copied bucket)."""
    manifest = json.loads((root / "manifests" / "latest.json").read_text()) | {"run_id": run_id}
    manifest["tables"]["daily_values"]["files"] = [f"{root}/tables/daily_values/run_id={run_id}/missing.parquet"]
    (root / "manifests" / f"{run_id}.json").write_text(json.dumps(manifest))
    (root / "manifests" / "latest.json").write_text(json.dumps(manifest))


def test_a_swapped_out_snapshot_is_closed_once_the_last_request_using_it_ends(tmp_path):
    write_lake(tmp_path, symphonies(3), run_id="20260101T000000Z-a")
    store = lake_data(tmp_path)
    first = store._current if store.snapshot() else None
    with store.cursor() as cursor:  # a request in the middle of a query
        republish(tmp_path, "20260102T000000Z-b")
        wait_for(lambda: store.snapshot().run_id == "20260102T000000Z-b")
        assert first.retired and not first.closed
        assert cursor.execute("select count(*) from symphony_metrics").fetchone()[0] == 3  # still answers
    assert first.closed
    with pytest.raises(duckdb.ConnectionException):
        first.con.execute("select 1")
    loaded = []
    for day in range(3, 9):
        run_id = f"202601{day:02d}T000000Z-x"
        republish(tmp_path, run_id)
        wait_for(lambda run_id=run_id: store.snapshot().run_id == run_id)
        assert len(readers.leaderboard(store)) == 3
        loaded.append(store._current)
    # each old one closes when its last user ends, which may be the background warm-up
    wait_for(lambda: all(old.closed and not old.cursors for old in loaded[:-1]))
    assert not loaded[-1].closed


def test_a_starting_dashboard_falls_back_to_the_newest_snapshot_that_loads_and_says_why(tmp_path):
    write_lake(tmp_path, symphonies(2), run_id="20260101T000000Z-a")
    write_lake(tmp_path, symphonies(3), run_id="20260102T000000Z-b")
    break_latest(tmp_path, "20260103T000000Z-c")
    store = lake_data(tmp_path)
    assert store.snapshot().run_id == "20260102T000000Z-b" and len(readers.leaderboard(store)) == 3
    assert store.notice.startswith("Snapshot 20260103T000000Z-c could not be loaded")
    assert "20260102T000000Z-b" in store.notice and str(tmp_path) not in store.notice and "missing.parquet" not in store.notice
    assert store.check() == (store.snapshot(), store.notice)


def test_with_no_snapshot_that_loads_the_error_names_the_run_and_no_path(tmp_path):
    write_lake(tmp_path, symphonies(2), run_id="20260101T000000Z-a")
    break_latest(tmp_path, "20260102T000000Z-b")
    (tmp_path / "manifests" / "20260101T000000Z-a.json").unlink()
    with pytest.raises(LakeUnavailable) as raised:
        lake_data(tmp_path).snapshot()
    assert "Snapshot 20260102T000000Z-b could not be loaded" in str(raised.value) and str(tmp_path) not in str(raised.value)


def test_while_s3_stalls_pages_are_served_from_memory_and_healthz_answers_503_within_two_seconds(tmp_path, monkeypatch):
    write_lake(tmp_path, symphonies(3), run_id="20260101T000000Z-a")
    store = lake_data(tmp_path)
    store.snapshot()
    release = threading.Event()

    def stalled(probe, config):
        release.wait(60)
        raise LakeUnavailable("released")

    monkeypatch.setattr(snapshot_loader, "latest_run_id", stalled)
    try:
        started = time.monotonic()
        assert store.snapshot().run_id == "20260101T000000Z-a" and len(readers.leaderboard(store)) == 3
        assert time.monotonic() - started < 1.0
        started = time.monotonic()
        with pytest.raises(LakeUnavailable, match="has not answered"):
            store.check()
        assert time.monotonic() - started < 2.0
        assert len(store.execute("select * from symphony_metrics")) == 3  # nothing waits on the stalled read
    finally:
        release.set()


def test_twenty_snapshot_swaps_under_concurrent_callbacks_keep_memory_flat_and_fail_no_request(local_lake):
    root = pathlib.Path(local_lake)
    process, url = start_dashboard({"DATA_URL": local_lake, "SNAPSHOT_CHECK_SECONDS": "0.05"}, ARTIFACTS / "soak.log")
    failures: list[str] = []
    stopping = threading.Event()

    def visitor() -> None:
        browser = Browser(url)
        browser.index()
        while not stopping.is_set():
            for search in ("", "?range=1Y", "?range=3M"):
                try:
                    browser.page("/", search, [])
                    browser.call("overview-kpis.children", {"report.data": {"range": search[7:]} if search else {}})
                except Exception as exc:  # every failure is collected and fails the test
                    failures.append(repr(exc))

    visitors = [threading.Thread(target=visitor) for _ in range(3)]
    try:
        for thread in visitors:
            thread.start()
        rss = []
        for n in range(20):
            run_id = f"29990101T0000{n:02d}Z-soak"
            republish(root, run_id)
            wait_for(
                lambda run_id=run_id: httpx.get(url + "/healthz", timeout=10).json().get("run_id") == run_id,
                30,
                lambda run_id=run_id: f"snapshot {run_id} was not served within 30 s",
            )
            rss.append(worker_rss_mb(process))
    finally:
        stopping.set()
        for thread in visitors:
            thread.join(timeout=60)
        stop(process)
    assert not any(thread.is_alive() for thread in visitors), "a visitor's request was still unanswered 60 s after the last swap"
    assert not failures, failures[:3]
    # a leak shows as the last swaps sitting higher than the early ones; medians, so that one swap
    # landing in the middle of a warm-up does not read as growth
    early, late = statistics.median(rss[2:7]), statistics.median(rss[-5:])
    assert late - early < 60, f"worker RSS grew from {early:.0f} MB to {late:.0f} MB: {rss}"
    assert max(rss) < early + 200, f"worker RSS spiked to {max(rss):.0f} MB from {early:.0f} MB: {rss}"


def test_fallback_candidates_follow_the_previous_run_chain_without_listing(tmp_path):
    manifests = tmp_path / "manifests"
    manifests.mkdir()
    chain = {"20260103T000000Z-c": "20260102T000000Z-b", "20260102T000000Z-b": "20260101T000000Z-a", "20260101T000000Z-a": None}
    for run_id, previous in chain.items():
        (manifests / f"{run_id}.json").write_text(json.dumps({"run_id": run_id, "previous_run_id": previous}))
    (manifests / "20260102T120000Z-crashed.json").write_text(json.dumps({"run_id": "20260102T120000Z-crashed"}))
    config = WebConfig(data_url=str(tmp_path))
    probe = snapshot_loader.probe_connection(config)
    assert snapshot_loader.older_run_ids(probe, config, "20260103T000000Z-c") == ["20260102T000000Z-b", "20260101T000000Z-a"]
    # a manifest from before previous_run_id was recorded: the listing, newest first
    assert snapshot_loader.older_run_ids(probe, config, "20260102T120000Z-crashed") == [
        "20260102T000000Z-b",
        "20260101T000000Z-a",
    ]


def test_an_edited_sql_file_is_picked_up_without_a_restart_and_a_broken_edit_is_named_and_survived(tmp_path):
    import shutil

    from sql import duck

    write_lake(tmp_path / "lake", symphonies(3), run_id="20260101T000000Z-a")
    sql_dir = tmp_path / "sql"
    shutil.copytree(duck.SQL_DIR, sql_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    store = lake_data(tmp_path / "lake", sql_dir=str(sql_dir))
    assert "pnl_per_day" not in readers.leaderboard(store).columns
    before = store.version()
    view = sql_dir / "metrics/symphony_metrics.sql"
    good = view.read_text()
    view.write_text(good.replace("as short_history", "as short_history,\n    m.pnl / nullif(m.days, 0) as pnl_per_day"))
    wait_for(lambda: "pnl_per_day" in readers.leaderboard(store).columns)
    assert store.snapshot().run_id == "20260101T000000Z-a" and store.notice is None
    assert store.version() != before  # the open pages' snapshot-run store changes: they render again

    view.write_text(good.replace("from symphonies as y", "from symphonies_typo as y"))
    wait_for(lambda: store.snapshot() and store.notice is not None)
    assert store.notice.startswith("View file metrics/symphony_metrics.sql failed:") and "symphonies_typo" in store.notice
    assert "could not be loaded" not in store.notice and "Fix the file" in store.notice
    assert "pnl_per_day" in readers.leaderboard(store).columns  # the last good views are still served
    view.write_text(good)
    wait_for(lambda: store.snapshot() and store.notice is None and "pnl_per_day" not in readers.leaderboard(store).columns)
