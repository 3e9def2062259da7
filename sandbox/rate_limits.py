"""The sandbox's rate limit: Composer's "N requests per minute" read as strictly as it can be.

A request is refused with 429 when N requests of its class were already answered within the last
window (60 s): a sliding window, stricter than a token bucket (which refills during the minute)
or fixed minutes (which allow 2N across a boundary), so a client that passes here passes Composer
however Composer counts. Written apart from the client's limiter on purpose: the tests hold the
client to this limit, not to its own arithmetic.
"""

from __future__ import annotations

import bisect
import threading
import time


class SlidingWindow:
    def __init__(self, limit: float, window_s: float = 60.0):
        self.limit = int(limit)
        self.window_s = window_s
        self.answered: list[float] = []  # monotonic times of the requests let through, oldest first
        self.lock = threading.Lock()

    def retry_after(self) -> float:
        """0 when this request may go (it is counted), else the seconds until one may."""
        with self.lock:
            now = time.monotonic()
            del self.answered[: bisect.bisect_right(self.answered, now - self.window_s)]
            if len(self.answered) < self.limit:
                self.answered.append(now)
                return 0.0
            return self.answered[0] + self.window_s - now
