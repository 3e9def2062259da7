"""The intraday table in the lake, written as the nightly tables are: files first, then a pointer
replaced by compare-and-swap, so a reader sees whole readings or none and a failed reading leaves
the last good one.

    live/intraday/market_date=YYYY-MM-DD/readings-<time>-<id>.parquet   every reading of that day so far
    live/latest.json     {"days": {"YYYY-MM-DD": {"file", "rows", "readings"}}, "sessions": [...], "updated_at", ...}

Each reading rewrites its day's file with the new rows added (one file per day for readers, a
few hundred kilobytes at most) and moves the pointer to it. The file it replaces stays until the
next reading, so a reader that read the pointer just before can still open it; days older than
LIVE_KEEP_DAYS leave the pointer and their files are deleted."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

import pyarrow as pa

from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.normalize.intraday import INTRADAY_SCHEMA
from sql.live_files import POINTER

PREFIX = "live/intraday"
ATTEMPTS = 5
log = logging.getLogger("ingest.live")


def day_prefix(market_date: dt.date) -> str:
    return f"{PREFIX}/market_date={market_date}"


def append(lake: Lake, rows: pa.Table, market_date: dt.date, keep_days: int, now: dt.datetime, sessions: list[dict]) -> dict:
    """Add one reading's rows to its day and publish; returns the new pointer. `sessions`: the
    week's sessions from market-hours ({market_date, open, close}), kept in the pointer so that a
    page knows when the market opens before the day's first reading."""
    for _ in range(ATTEMPTS):
        current = lake.read_json(POINTER) or {}
        base = current.get("days", {}).get(str(market_date), {})
        before = lake.read_table([base["file"]], INTRADAY_SCHEMA) if base.get("file") else INTRADAY_SCHEMA.empty_table()
        key = f"{day_prefix(market_date)}/readings-{now.astimezone(dt.UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.parquet"
        lake.write_parquet(key, pa.concat_tables([before, rows]))
        entry = {"file": key, "rows": before.num_rows + rows.num_rows, "readings": base.get("readings", 0) + 1}
        decide = _adding(str(market_date), base.get("file"), entry, keep_days, now, sessions)
        published = lake.swap_json(POINTER, decide)
        if published is not None:
            _tidy(lake, current, published)
            return published
        lake.delete([key])
    raise LakeError(f"{POINTER} kept changing under {ATTEMPTS} attempts to add a reading: is another live job running?")


def _adding(day: str, base_file: str | None, entry: dict, keep_days: int, now: dt.datetime, sessions: list[dict]):
    """The pointer's compare-and-swap decision: the day's new file, if the day still names the
    file it was built on (else None: another reading published in between, add to that one)."""

    def decide(latest: dict | None) -> dict | None:
        if (latest or {}).get("days", {}).get(day, {}).get("file") != base_file:
            return None
        days = {**(latest or {}).get("days", {}), day: entry}
        kept = dict(sorted(days.items())[-keep_days:]) if keep_days > 0 else days
        return {
            "days": kept,
            "sessions": sessions,
            "updated_at": now.isoformat(timespec="seconds"),
            "last_reading_at": now.isoformat(),
        }

    return decide


def _stamp(key: str) -> str:
    return key.rsplit("/readings-", 1)[-1]


def _tidy(lake: Lake, before: dict, after: dict) -> None:
    """Delete the files of days the pointer no longer lists, and the files older than the one each
    listed day's new file replaced (a file newer than that may be another job's, not yet
    published). Housekeeping: a failure is logged, never raised."""
    listed, replaced = after.get("days", {}), before.get("days", {})
    try:
        stale = []
        for key in lake.list_keys(PREFIX):
            day = key.split("market_date=", 1)[-1].split("/", 1)[0]
            if day not in listed:
                stale.append(key)
            elif day in replaced and _stamp(key) < _stamp(replaced[day]["file"]):
                stale.append(key)
        lake.delete(stale)
    except LakeError as exc:
        log.warning("old intraday files were not removed: %s", exc)
