"""latest.json never moves back: it is replaced by a compare-and-swap, so a slow older run that
read it before a newer run published cannot overwrite it, on S3 (moto's server, a conditional
PUT) and in a local folder (a lock file); the CLI says which run superseded its run."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from ingest import snapshots
from ingest.lake import LATEST, Lake
from tests.helpers.sandbox import s3_settings

OLD, NEW = "20260101T000000000000Z-old", "20260102T000000000000Z-new"


@pytest.fixture(params=["local", "s3"])
def lake(request, tmp_path) -> Lake:
    if request.param == "local":
        return Lake(str(tmp_path))
    env = request.getfixturevalue("s3_bucket")
    return Lake(env["DATA_URL"], s3_settings(env))


def publish_latest(lake: Lake, run_id: str, after_reading: Callable[[], None] = lambda: None) -> None:
    """publish()'s decision; `after_reading` runs between its first read of latest.json and its write."""
    first = [True]

    def decide(current):
        if first.pop() if first else False:
            after_reading()
        return None if current and current["run_id"] > run_id else {"run_id": run_id}

    lake.swap_json(LATEST, decide)


def test_a_slow_older_writer_cannot_move_latest_back(lake):
    """On S3 the older run writes after the newer one published (its conditional PUT fails and it
    decides again); in a folder its lock file makes the newer run wait, so it writes first."""
    publish_latest(lake, "20251231T000000000000Z-first")
    has_read, newer_published = threading.Event(), threading.Event()

    def hold_until_newer_publishes() -> None:
        has_read.set()
        if not lake.is_local:
            assert newer_published.wait(30)

    older = threading.Thread(target=publish_latest, args=(lake, OLD, hold_until_newer_publishes))
    older.start()
    assert has_read.wait(30)  # the older run has read latest.json and is about to write it
    publish_latest(lake, NEW)
    newer_published.set()
    older.join()
    assert lake.read_json(LATEST)["run_id"] == NEW


def test_many_runs_at_once_leave_the_newest_published(lake):
    runs = [f"2026010{i}T000000000000Z-run" for i in range(1, 9)]
    # on S3 every run decides on the same latest.json (in a folder the lock file lets one in at a time)
    all_have_read = threading.Barrier(len(runs), timeout=30)
    hook = (lambda: None) if lake.is_local else all_have_read.wait
    threads = [threading.Thread(target=publish_latest, args=(lake, run_id, hook)) for run_id in reversed(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert lake.read_json(LATEST)["run_id"] == runs[-1]


def test_publish_reports_which_run_superseded_it(tmp_path):
    import pyarrow as pa

    lake = Lake(str(tmp_path))
    lake.write_json(LATEST, {"run_id": NEW})
    manifest = snapshots.publish(lake, OLD, {"t": pa.table({"x": [1]})}, None, {})
    assert manifest["status"] == "superseded" and manifest["superseded_by"] == NEW
    assert lake.read_json(LATEST)["run_id"] == NEW and lake.read_json(f"manifests/{OLD}.json")["run_id"] == OLD


def test_prune_refuses_to_keep_fewer_than_one_and_says_why_it_keeps_the_published_one(start_sandbox, tmp_path, capsys):
    import datetime as dt

    from ingest import cli
    from tests.helpers.sandbox import AS_OF
    from tests.helpers.sync import run

    runs = [run(start_sandbox(as_of=AS_OF + dt.timedelta(days=d)), str(tmp_path)) for d in (0, 3)]
    for bad in ("0", "-1"):
        with pytest.raises(SystemExit):
            cli.main(["prune", "--keep", bad])
        assert "keep at least 1" in capsys.readouterr().err
    lake = Lake(str(tmp_path))
    snapshots.rollback(lake, runs[0].run_id)
    import os

    os.environ["DATA_URL"] = str(tmp_path)
    try:
        assert cli.main(["prune", "--keep", "1"]) == 0
    finally:
        del os.environ["DATA_URL"]
    out = capsys.readouterr().out
    assert f"kept 2: the newest 1 and {runs[0].run_id}, which latest.json names" in out


def test_prune_removes_half_written_files_of_killed_runs_a_day_old(tmp_path):
    import os

    lake = Lake(str(tmp_path))
    lake.write_json(LATEST, {"run_id": NEW, "tables": {}})
    running = tmp_path / "tables" / "x" / "run_id=29990101T000000000000Z-running"  # a run writing right now
    old, fresh = running / "part-0.parquet.abc.tmp", running / "part-1.parquet.def.tmp"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    day_ago = time.time() - 2 * 86_400
    os.utime(old, (day_ago, day_ago))
    snapshots.prune(lake, keep=5)
    assert not old.exists() and fresh.exists()


def test_prune_aborts_incomplete_s3_uploads_a_day_old(s3_bucket, monkeypatch):

    lake = Lake(s3_bucket["DATA_URL"], s3_settings(s3_bucket))
    client = lake._s3_client()
    upload = client.create_multipart_upload(Bucket=lake.bucket, Key=f"{lake.prefix}/tables/x/part-0.parquet")
    assert client.list_multipart_uploads(Bucket=lake.bucket, Prefix=lake.prefix).get("Uploads")
    # moto reports every upload as initiated in 2010, so only the "a day old" side can be shown here
    assert lake.remove_debris(older_than=86_400) == 1
    assert not client.list_multipart_uploads(Bucket=lake.bucket, Prefix=lake.prefix).get("Uploads")
    assert upload["UploadId"]
