"""`python -m ingest live` over whole sessions of the sandbox, whose clock the test drives:
readings every interval and none outside the session (a half-day's early close included), a
failed reading that leaves the last good one, and the intraday alerts sent once a day."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pyarrow.parquet as pq

from ingest.alerts import live_runner
from ingest.cli import main as ingest_main
from ingest.lake import Lake
from ingest.live import intraday_lake, job
from ingest.live.clock import SystemClock
from tests.helpers.live import VirtualClock, et
from tests.helpers.sandbox import DEFAULT_KEY_ID, DEFAULT_SECRET, client_for, ingest_config
from tests.helpers.sync import run as nightly

MONDAY = "2026-11-30"  # a full session, 09:30-16:00 ET
HALF_DAY = "2026-11-27"  # the day after Thanksgiving: the NYSE closes at 13:00 ET
HALF_HOUR = "1800"


def _readings(root) -> list[dict]:
    pointer = json.loads((root / intraday_lake.POINTER).read_text())
    return [row for day in pointer["days"].values() for row in pq.read_table(root / day["file"]).to_pylist()]


def _session(sandbox, root, clock, **env):
    config = ingest_config(sandbox, str(root), **({"LIVE_INTERVAL_SECONDS": HALF_HOUR} | env))
    lake = Lake(config.data_url)
    after = None
    if config.alerts_enabled:

        def after(session, now):
            return live_runner.run(config, lake, session.market_date, now).lines()

    with client_for(sandbox) as client:
        return job.run(config, client, lake, clock, after_reading=after)


def test_a_whole_session_is_read_every_interval_and_never_outside_it(start_sandbox, tmp_path):
    sandbox = start_sandbox(as_of=None, now=et(MONDAY, "08:00"))
    nightly(sandbox, str(tmp_path))
    clock = VirtualClock(sandbox.url, et(MONDAY, "09:30"))
    outcome = _session(sandbox, tmp_path, clock, ALERTS="off")
    rows = _readings(tmp_path)
    times = sorted({r["reading_at"] for r in rows})
    expected = [et(MONDAY, "09:30") + dt.timedelta(minutes=30 * n) for n in range(13)]  # 09:30 ... 15:30
    assert times == expected and outcome.readings == 13 and outcome.exit_code == 0
    assert all(et(MONDAY, "09:30") <= t < et(MONDAY, "16:00") for t in times)
    accounts = {r["subject_id"] for r in rows if r["subject_kind"] == "account"}
    assert len(accounts) == 2 and len([r for r in rows if r["reading_at"] == times[0]]) == 2 + 25
    # two requests per account and reading, and the one market-hours question
    used = [
        r["path"]
        for r in sandbox.requests
        if "total-stats" in r["path"] or "stats-meta" in r["path"] or "market-hours" in r["path"]
    ]
    assert len(used) >= 13 * 4 + 1 and sum("market-hours" in p for p in used) == 1
    assert "the session closes at 16:00 ET: 13 readings, 0 failed" in outcome.lines[-1]
    # the figures are Composer's as served at the reading's time, and they moved during the day
    first_symphony = [r for r in rows if r["subject_kind"] == "symphony"][0]["subject_id"]
    values = [r["value"] for r in rows if r["subject_id"] == first_symphony]
    assert len(set(values)) > 1


def test_a_half_day_stops_at_its_early_close(start_sandbox, tmp_path):
    sandbox = start_sandbox(as_of=None, now=et(HALF_DAY, "08:00"))
    nightly(sandbox, str(tmp_path))
    outcome = _session(sandbox, tmp_path, VirtualClock(sandbox.url, et(HALF_DAY, "09:30")), ALERTS="off")
    times = sorted({r["reading_at"] for r in _readings(tmp_path)})
    assert times[-1] == et(HALF_DAY, "12:30") and len(times) == 7  # 09:30 ... 12:30, none at or after 13:00
    assert "the session closes at 13:00 ET: 7 readings" in outcome.lines[-1]


def test_outside_market_hours_the_job_says_so_and_reads_nothing(start_sandbox, tmp_path):
    sandbox = start_sandbox(as_of=None, now=et("2026-11-26", "11:00"))  # Thanksgiving: closed all day
    outcome = _session(sandbox, tmp_path, VirtualClock(sandbox.url, et("2026-11-26", "11:00")), ALERTS="off")
    assert outcome.exit_code == 0 and outcome.readings == 0
    assert outcome.lines == [
        "the market is closed now (11:00 ET, Composer's market-hours); it opens Fri 2026-11-27 09:30 ET: no reading taken"
    ]
    assert not (tmp_path / intraday_lake.POINTER).exists()


def test_a_failed_reading_leaves_the_last_good_one_and_the_next_interval_reads_again(start_sandbox, tmp_path, monkeypatch):
    sandbox = start_sandbox(as_of=None, now=et(MONDAY, "08:00"))
    nightly(sandbox, str(tmp_path))
    broken = {"kind": "body", "path_contains": "/symphony-stats-meta", "body": '{"symphonies": [{"id": "abc'}
    clock = VirtualClock(sandbox.url, et(MONDAY, "11:00"), at={et(MONDAY, "12:00"): lambda: sandbox.faults(broken)})
    pointers = []
    original = intraday_lake.append

    def remembering(*args, **kwargs):
        pointers.append(original(*args, **kwargs))
        return pointers[-1]

    monkeypatch.setattr(intraday_lake, "append", remembering)
    outcome = _session(sandbox, tmp_path, clock, ALERTS="off")
    times = sorted({r["reading_at"] for r in _readings(tmp_path)})
    assert et(MONDAY, "12:00") not in times and et(MONDAY, "12:30") in times
    assert outcome.failed == 1 and outcome.readings == 9 and outcome.exit_code == 1
    failed = next(line for line in outcome.lines if "failed" in line and "12:00" in line)
    assert "symphony-stats-meta" in failed and "the last good reading stays published" in failed
    # the reading before the failure stayed published until the next good one replaced it
    assert pointers[1]["days"][MONDAY]["readings"] == 2 and pointers[2]["days"][MONDAY]["readings"] == 3


def test_live_once_from_the_command_line_takes_one_reading(start_sandbox, tmp_path, monkeypatch, capsys):
    sandbox = start_sandbox(as_of=None, now=et(MONDAY, "10:02"))
    nightly(sandbox, str(tmp_path))
    monkeypatch.setattr(SystemClock, "now", lambda self: et(MONDAY, "10:02"))
    for name, value in (sandbox.env() | {"DATA_URL": str(tmp_path), "ALERTS": "off"}).items():
        monkeypatch.setenv(name, value)
    assert ingest_main(["live", "--once"]) == 0
    out = capsys.readouterr().out
    assert "market open 2026-11-30 until 16:00 ET: reading 2 accounts (4 requests a reading)" in out
    assert "reading at 10:02 ET: 27 rows (1 readings today)" in out
    assert len(_readings(tmp_path)) == 27
    monkeypatch.setattr(SystemClock, "now", lambda self: et(MONDAY, "16:01"))
    assert ingest_main(["live", "--once"]) == 0
    assert "the market is closed now (16:01 ET" in capsys.readouterr().out and len(_readings(tmp_path)) == 27


def test_a_symphony_without_a_value_now_is_left_out_of_the_reading_and_named(start_sandbox, tmp_path):
    """Composer sends "NaN" for a new or flat symphony: the reading publishes every other figure."""
    sandbox = start_sandbox(as_of=None, now=et(MONDAY, "10:00"))
    nightly(sandbox, str(tmp_path))
    account = sandbox.app.config["SANDBOX_ACCOUNT"].account_uuid
    headers = {"x-api-key-id": DEFAULT_KEY_ID, "Authorization": f"Bearer {DEFAULT_SECRET}"}
    answer = httpx.get(f"{sandbox.url}/api/v0.1/portfolio/accounts/{account}/symphony-stats-meta", headers=headers).json()
    flat = answer["symphonies"][0]
    answer["symphonies"][0] = flat | {"value": "NaN"}
    sandbox.faults({"kind": "body", "path_contains": f"{account}/symphony-stats-meta", "body": json.dumps(answer)})
    config = ingest_config(sandbox, str(tmp_path), ALERTS="off")
    with client_for(sandbox) as client:
        outcome = job.run(config, client, Lake(str(tmp_path)), VirtualClock(sandbox.url, et(MONDAY, "10:00")), once=True)
    assert outcome.readings == 1 and outcome.exit_code == 0
    rows = _readings(tmp_path)
    assert len(rows) == 2 + 25 - 1 and flat["id"] not in {r["subject_id"] for r in rows}
    assert (
        f"  left out of this reading (1): symphony {flat['id']} (symphony-stats-meta value) has no value now ('NaN')"
        in outcome.lines
    )
