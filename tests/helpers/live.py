"""Driving `python -m ingest live` through a session with a clock the test controls: each sleep
moves the job's clock and the sandbox's together, so a whole trading day runs in seconds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import httpx

NEW_YORK = ZoneInfo("America/New_York")


def et(day: str, time: str) -> dt.datetime:
    """A New York wall-clock time as an aware UTC datetime: et('2026-11-30', '09:30')."""
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=NEW_YORK).astimezone(dt.UTC)


def set_sandbox_clock(sandbox_url: str, now: dt.datetime) -> None:
    httpx.post(f"{sandbox_url}/_sandbox/clock", json={"now": now.isoformat()}, timeout=10).raise_for_status()


class VirtualClock:
    """The live job's clock: sleeping moves it (and the sandbox's) forward at once. `at` runs a
    hook when the clock reaches a time (e.g. queue a fault before the 12:00 reading)."""

    def __init__(self, sandbox_url: str, start: dt.datetime, at: dict[dt.datetime, Callable[[], None]] | None = None):
        self.sandbox_url, self.time, self.at = sandbox_url, start, dict(at or {})
        self.slept: list[float] = []
        set_sandbox_clock(sandbox_url, start)

    def now(self) -> dt.datetime:
        return self.time

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.time += dt.timedelta(seconds=seconds)
        set_sandbox_clock(self.sandbox_url, self.time)
        hook = self.at.pop(self.time, None)
        if hook:
            hook()
