"""The sandbox's clock: the real time, or a time a test chose (`python -m sandbox --now
2025-06-02T14:30:00-04:00`, or `POST /_sandbox/clock {"now": ...}`) that runs on from there, so
the intraday answers can be tested at any time of day."""

from __future__ import annotations

import datetime as dt
import threading
import time


class SandboxClock:
    def __init__(self, start: dt.datetime | None = None):
        self._lock = threading.Lock()
        self._start = start
        self._started = time.monotonic()

    def now(self) -> dt.datetime:
        with self._lock:
            if self._start is None:
                return dt.datetime.now(dt.UTC)
            return (self._start + dt.timedelta(seconds=time.monotonic() - self._started)).astimezone(dt.UTC)

    def set(self, now: dt.datetime) -> None:
        if now.tzinfo is None:
            raise ValueError(f"{now.isoformat()} has no UTC offset: give one (e.g. -04:00)")
        with self._lock:
            self._start, self._started = now, time.monotonic()
