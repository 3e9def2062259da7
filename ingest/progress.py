"""Progress of a run: a bar on a terminal, a plain line every 10% otherwise (Render cron logs)."""

from __future__ import annotations

import logging
import sys
import threading

log = logging.getLogger("ingest")


class Progress:
    def __init__(self, enabled: bool = True, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.lock = threading.Lock()
        self.label, self.total, self.done, self.last_logged = "", 0, 0, -1

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done, self.last_logged = label, total, 0, -1
        self._show()

    def advance(self) -> None:
        with self.lock:
            self.done += 1
            self._show()

    def finish(self) -> None:
        if self.tty and self.total:
            self.stream.write("\n")
            self.stream.flush()

    def _show(self) -> None:
        if not self.enabled or not self.total:
            return
        if self.tty:
            width = 30
            filled = width * self.done // self.total
            self.stream.write(f"\r{self.label}: [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} symphonies")
            self.stream.flush()
            return
        tenth = 10 * self.done // self.total
        if tenth > self.last_logged:
            self.last_logged = tenth
            log.info("%s: %d/%d symphonies", self.label, self.done, self.total)
