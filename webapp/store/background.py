"""The background threads a store runs (snapshot checks and loads, warm-ups), and stopping them:
daemon threads, so a stuck read on S3 never holds a worker's exit for longer than its deadline."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class BackgroundThreads:
    def __init__(self) -> None:
        self.stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def start(self, target: Callable, *args: object) -> None:
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()]
            thread = threading.Thread(target=target, args=args, name=target.__name__, daemon=True)
            self._threads.append(thread)
        thread.start()

    def stop(self, wait_seconds: float) -> bool:
        """Ask every thread to stop and wait for them, `wait_seconds` in all; False when one is
        still running then."""
        self.stopping.set()
        deadline = time.monotonic() + wait_seconds
        for thread in list(self._threads):
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        return not any(thread.is_alive() for thread in self._threads)
