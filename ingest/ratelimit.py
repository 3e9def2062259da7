"""Rate limiting per endpoint class, so a normal run never sees a 429 (the sandbox server uses
the same bucket to enforce Composer's limits)."""

from __future__ import annotations

import threading
import time


class RateLimiter:
    """A token bucket shared by threads: `per_minute` requests a minute, bursts of `burst` less
    `margin` (the client keeps one token of margin so clock skew never trips the server's limit)."""

    def __init__(self, per_minute: float, burst: float | None = None, margin: float = 1.0):
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, (burst if burst is not None else per_minute) - margin)
        self.tokens = self.capacity
        self.updated = time.monotonic()
        self.lock = threading.Lock()

    def try_acquire(self) -> float:
        """Take a token and return 0, or return the seconds until one is free."""
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            if self.tokens >= 1.0:
                self.tokens -= 1.0
                return 0.0
            return (1.0 - self.tokens) / self.rate

    def acquire(self) -> float:
        """Block until a request may go; return the seconds waited."""
        waited = 0.0
        while pause := self.try_acquire():
            time.sleep(pause)
            waited += pause
        return waited


class Unlimited:
    def acquire(self) -> float:
        return 0.0
