"""Client-side rate limiting per endpoint class, so a normal run never sees a 429."""

from __future__ import annotations

import threading
import time


class RateLimiter:
    """A token bucket shared by threads: `per_minute` requests a minute, bursts of `burst`."""

    def __init__(self, per_minute: float, burst: float | None = None):
        self.rate = per_minute / 60.0
        # one token below the server's own burst keeps clock skew from tripping its limit
        self.capacity = max(1.0, (burst if burst is not None else per_minute) - 1.0)
        self.tokens = self.capacity
        self.updated = time.monotonic()
        self.lock = threading.Lock()

    def acquire(self) -> float:
        """Block until a request may go; return the seconds waited."""
        waited = 0.0
        while True:
            with self.lock:
                now = time.monotonic()
                self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
                self.updated = now
                if self.tokens >= 1.0:
                    self.tokens -= 1.0
                    return waited
                pause = (1.0 - self.tokens) / self.rate
            time.sleep(pause)
            waited += pause


class Unlimited:
    def acquire(self) -> float:
        return 0.0
