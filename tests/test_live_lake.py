"""The intraday table in the lake and the views over it: readings appended by compare-and-swap
on a local folder and on S3 (moto over HTTP, read back by DuckDB's httpfs in the CLI), days older
than LIVE_KEEP_DAYS deleted, and `live_today`'s latest reading per subject with its age."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pyarrow.parquet as pq

from ingest.lake import Lake
from ingest.live import intraday_lake, job
from ingest.normalize import intraday
from sql import duck, live_files
from tests.helpers.live import VirtualClock, et
from tests.helpers.sandbox import client_for, ingest_config
from tests.test_duckdb_cli import publish, run_cli
from tests.test_live_session import MONDAY

ACCOUNT = "0b4a1f43-58b3-4a5e-9a56-9a7c1b6d1c11"
SESSION = {"market_date": "2026-11-30", "open": "2026-11-30T14:30:00+00:00", "close": "2026-11-30T21:00:00+00:00"}


def _reading(day: dt.date, at: dt.datetime, value: float, change: float, interval: float = 300.0):
    opens = dt.datetime.combine(day, dt.time(14, 30), dt.UTC)
    when = intraday.when(day, at, opens, opens + dt.timedelta(hours=6, minutes=30), interval)
    totals = {"portfolio_value": value, "todays_dollar_change": value * change, "todays_percent_change": change}
    symphonies = [
        {
            "id": "AbCdEfGhIjKlMnOpQrSt",
            "name": "Momentum",
            "value": value / 2,
            "last_dollar_change": 1.0,
            "last_percent_change": change * 2,
            "as_of": str(day),
        }
    ]
    return intraday.reading_table(intraday.reading_rows(ACCOUNT, totals, symphonies, when)[0])


def test_days_beyond_live_keep_days_leave_the_pointer_and_their_files_are_deleted(tmp_path):
    lake = Lake(str(tmp_path))
    days = [dt.date(2026, 11, 25), dt.date(2026, 11, 27), dt.date(2026, 11, 30)]
    for day in days:
        for minute in (0, 5, 10):
            at = dt.datetime.combine(day, dt.time(15, minute), dt.UTC)
            intraday_lake.append(lake, _reading(day, at, 1000.0 + minute, 0.01), day, 2, at, [SESSION])
    pointer = json.loads((tmp_path / intraday_lake.POINTER).read_text())
    assert sorted(pointer["days"]) == ["2026-11-27", "2026-11-30"] and pointer["sessions"] == [SESSION]
    assert not list((tmp_path / intraday_lake.day_prefix(days[0])).glob("*.parquet"))
    for day in days[1:]:
        entry = pointer["days"][str(day)]
        table = pq.read_table(tmp_path / entry["file"])
        assert entry["readings"] == 3 and table.num_rows == entry["rows"] == 3 * 2
        assert sorted({r.minute for r in table.column("reading_at").to_pylist()}) == [0, 5, 10]
    # the newest day keeps the file its last reading replaced (a reader may hold the pointer before it)
    assert [len(list((tmp_path / intraday_lake.day_prefix(d)).glob("*.parquet"))) for d in days[1:]] == [1, 2]


def test_live_today_is_each_subjects_newest_reading_with_its_age_staleness_and_the_close(ingested_lake, tmp_path):
    root = tmp_path / "lake"
    shutil.copytree(ingested_lake, root)
    lake, day = Lake(str(root)), dt.date(2026, 11, 30)
    for minute, value in ((0, 1000.0), (5, 1010.0), (10, 990.0)):
        at = dt.datetime.combine(day, dt.time(15, minute), dt.UTC)
        intraday_lake.append(lake, _reading(day, at, value, (value - 1000) / 1000), day, 30, at, [SESSION])
    con = duck.connect()
    duck.load_views(con, str(root))
    assert con.execute("select count(*) from intraday_readings").fetchone() == (0,)  # made over no file
    assert live_files.point(con, str(root)) and con.execute("select count(*) from intraday_readings").fetchone() == (6,)

    def live(now: str) -> dict:
        con.execute("set variable live_now = ?::timestamptz", [now])
        row = con.execute(
            "select value, reading_time_et, age_seconds, market_open_now, is_stale, session_over from live_today where subject_kind = 'account'"
        ).fetchone()
        return dict(zip(("value", "time", "age", "open", "stale", "over"), row))

    assert live("2026-11-30 15:12:00+00") == {
        "value": 990.0,
        "time": "10:10",
        "age": 120.0,
        "open": True,
        "stale": False,
        "over": False,
    }
    assert live("2026-11-30 15:07:00+00")["value"] == 1010.0  # what was known then
    assert live("2026-11-30 15:20:01+00")["stale"] is True  # more than two 5-minute intervals old
    assert live("2026-11-30 21:30:00+00") | {"age": None} == {
        "value": 990.0,
        "time": "10:10",
        "age": None,
        "open": False,
        "stale": False,
        "over": True,
    }
    symphony = con.execute("select name, todays_percent_change, as_of from live_today where subject_kind = 'symphony'").fetchone()
    assert symphony == ("Momentum", -0.02, day)
    times = con.execute("select reading_at_et from intraday_values where subject_kind = 'account' order by reading_at").fetchall()
    assert [t[0] for t in times] == [dt.datetime(2026, 11, 30, 10, m) for m in (0, 5, 10)]  # New York wall clock
    duck.set_range(con, None, None, "another-account")
    assert con.execute("select count(*) from live_today").fetchone() == (0,)  # the account scope holds


def test_a_live_reading_on_s3_is_read_back_in_the_duckdb_cli(start_sandbox, s3_bucket):
    sandbox = start_sandbox(as_of=None, now=et(MONDAY, "08:00"))
    publish(sandbox, s3_bucket["DATA_URL"], **s3_bucket)
    config = ingest_config(sandbox, s3_bucket["DATA_URL"], **s3_bucket, ALERTS="off")
    with client_for(sandbox) as client:
        outcome = job.run(
            config, client, Lake(config.data_url, config.s3), VirtualClock(sandbox.url, et(MONDAY, "10:00")), once=True
        )
    assert outcome.readings == 1
    result = run_cli(
        s3_bucket | {"TZ": "UTC"},
        "set variable live_now = timestamptz '2026-11-30 15:01:00+00'; "
        "select subject_kind, count(*), min(reading_time_et), bool_and(market_open_now) from live_today group by all order by 1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-2:] == ["account,2,10:00,true", "symphony,25,10:00,true"]


def test_a_broken_intraday_file_is_named_on_the_overview_which_keeps_polling(ingested_lake, tmp_path, caplog):
    from webapp.config import WebConfig
    from webapp.pages import overview_live
    from webapp.store import LakeData

    root = tmp_path / "lake"
    shutil.copytree(ingested_lake, root)
    broken = root / intraday_lake.day_prefix(dt.date(2026, 11, 30)) / "readings-broken.parquet"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"not parquet at all")
    (root / intraday_lake.POINTER).write_text(
        json.dumps({"days": {"2026-11-30": {"file": str(broken.relative_to(root))}}, "sessions": [SESSION]})
    )
    lake = LakeData(
        WebConfig(data_url=str(root), live_poll_seconds=30), clock=lambda: dt.datetime(2026, 11, 30, 15, tzinfo=dt.UTC)
    )
    try:
        panel, interval, disabled, columns, rows = overview_live.show_live(lake, "x", 3, None, [], [])
    finally:
        lake.close()
    text = panel[0].children
    assert text.startswith("Today's intraday readings could not be read (") and "readings-broken.parquet" in text
    assert "the figures below are the nightly snapshot's, and the page tries again at its next poll." in text
    assert (interval, disabled) == (30_000, False)
    assert "the intraday readings could not be read" in caplog.text and "Traceback" in caplog.text
