"""The intraday readings of `python -m ingest live`, as the pages read them: the live pointer
(live/latest.json: each market day's file and the week's sessions) is read on every call, not
cached with the nightly snapshot, and the views `live_today` and `intraday_values` are pointed at
the newest day's file and at the dashboard's clock for that one query."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from sql import duck, live_files
from webapp.report import Report
from webapp.store import connection, readers

if TYPE_CHECKING:
    from webapp.store.lake_data import Lake


@dataclass(frozen=True)
class Session:
    market_date: dt.date
    open: dt.datetime
    close: dt.datetime


@dataclass(frozen=True)
class LiveReadings:
    """What the pages show of today: the latest reading per subject (`today`, live_today's rows),
    today's account values (`accounts`), the sessions, and the clock they were read at."""

    now: dt.datetime
    sessions: tuple[Session, ...] = ()
    today: pd.DataFrame = field(default_factory=pd.DataFrame)
    accounts: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def open_session(self) -> Session | None:
        return next((s for s in self.sessions if s.open <= self.now < s.close), None)

    @property
    def next_open(self) -> dt.datetime | None:
        return min((s.open for s in self.sessions if s.open > self.now), default=None)


def pointer(lake: Lake) -> dict | None:
    """live/latest.json, or None when the live job has never written one."""
    url = f"{duck.normalize_data_url(lake.config.data_url)}/{live_files.POINTER}"
    try:
        frame = lake.execute("select content from read_text(?)", params=[url])  # a missing local file is no row
    except duckdb.HTTPException as exc:
        if "404" in str(exc):  # S3: the live job has never written one
            return None
        raise
    if frame.empty:
        return None
    try:
        body = json.loads(str(frame.iloc[0, 0]))
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _sessions(body: dict) -> tuple[Session, ...]:
    sessions = []
    for item in body.get("sessions") or []:
        try:
            sessions.append(
                Session(
                    dt.date.fromisoformat(item["market_date"]),
                    dt.datetime.fromisoformat(item["open"]),
                    dt.datetime.fromisoformat(item["close"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue  # a session the pages cannot read is one they do not poll for
    return tuple(sessions)


def live_readings(lake: Lake, report: Report, now: dt.datetime) -> LiveReadings | None:
    """Today's readings for the report's account, or None when there are none at all."""
    body = pointer(lake)
    days = (body or {}).get("days") or {}
    if not days:
        return None
    files = [f"{duck.normalize_data_url(lake.config.data_url)}/{days[max(days)]['file']}"]
    scope = readers.scope(lake, report)
    with lake.cursor() as cursor, connection.exclusive():
        cursor.execute("set variable live_files = ?::varchar[]", [files])
        cursor.execute("set variable live_now = ?::timestamptz", [now])
        today = lake.execute(readers.PAGE_SQL["live_today"], scope, cursor=cursor)
        accounts = lake.execute(readers.PAGE_SQL["intraday_accounts"], scope, cursor=cursor)
    return LiveReadings(now, _sessions(body), today, accounts)
