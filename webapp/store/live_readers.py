"""The intraday readings of `python -m ingest live`, as the pages read them: the live pointer
(live/latest.json: each market day's file and the week's sessions) is read on every call, not
cached with the nightly snapshot, and the views `live_today` and `intraday_values` are pointed at
the newest day's file and at the dashboard's clock for that one query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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
    root = duck.normalize_data_url(lake.config.data_url)
    scope = readers.scope(lake, report)
    with lake.cursor() as cursor, connection.exclusive():
        body = live_files.pointer(cursor, root)
        newest = live_files.files(body, root, newest_only=True)
        if not newest:
            return None
        cursor.execute("set variable live_files = ?::varchar[]", [newest])
        cursor.execute("set variable live_now = ?::timestamptz", [now])
        today = lake.execute(readers.PAGE_SQL["live_today"], scope, cursor=cursor)
        accounts = lake.execute(readers.PAGE_SQL["intraday_accounts"], scope, cursor=cursor)
    return LiveReadings(now, _sessions(body), today, accounts)


def preview(lake: Lake) -> dict | None:
    """The dry-run preview the live job stored last (live/preview.json), read on every call."""
    root = duck.normalize_data_url(lake.config.data_url)
    with lake.cursor() as cursor, connection.exclusive():
        return live_files.read_document(cursor, root, live_files.PREVIEW)
