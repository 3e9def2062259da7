"""Waiting for a condition that something else makes true."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_for(
    condition: Callable[[], object],
    timeout: float = 30.0,
    what: Callable[[], str] = lambda: "condition not met in time",
    ignore: tuple[type[Exception], ...] = (),
) -> None:
    """Poll `condition` until it is true; an exception in `ignore` counts as not yet. Fails
    after `timeout` with `what()` (called then, so it can read a log)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except ignore:
            pass
        assert time.monotonic() < deadline, what()
        time.sleep(0.05)
