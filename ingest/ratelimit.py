"""Rate limiting per endpoint class, so a normal run never sees a 429.

Composer documents its limits as requests per minute (and, in older docs, per second) without
saying how it counts. The strictest reading is a sliding window: at most N requests in any 60
seconds. A client that never exceeds that also stays within a token bucket or fixed minutes, so
this limiter keeps every window of `window_s` under `per_window` less a margin of one request
(latency can bunch requests up on the way to the server).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque

log = logging.getLogger("ingest.ratelimit")
SAY_WAITS_FROM_S = 5.0  # a wait this long is logged, so a quiet minute does not look like a hang


class RateLimiter:
    """At most `per_window - margin` acquisitions in any `window_s` seconds; shared by threads."""

    def __init__(self, per_window: float, window_s: float = 60.0, margin: int = 1, name: str = ""):
        self.name = name
        self.allowed = max(1, int(per_window) - margin)
        self.window_s = window_s
        self.sent: deque[float] = deque()
        self.lock = threading.Lock()

    def try_acquire(self) -> float:
        """Take a slot and return 0, or return the seconds until one is free."""
        with self.lock:
            now = time.monotonic()
            while self.sent and self.sent[0] <= now - self.window_s:
                self.sent.popleft()
            if len(self.sent) < self.allowed:
                self.sent.append(now)
                return 0.0
            return self.sent[0] + self.window_s - now

    def acquire(self) -> float:
        """Block until a request may go; return the seconds waited."""
        waited = 0.0
        while pause := self.try_acquire():
            if pause >= SAY_WAITS_FROM_S:
                log.info(
                    "%s rate limit: waiting %.0f s (%d requests in any %.0f s)", self.name, pause, self.allowed, self.window_s
                )
            time.sleep(pause)
            waited += pause
        return waited


class Unlimited:
    def acquire(self) -> float:
        return 0.0
