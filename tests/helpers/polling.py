"""Waiting for a condition that something else makes true."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(
    condition: Callable[[], object],
    timeout: float = 30.0,
    what: Callable[[], str] = lambda: "condition not met in time",
    ignore: tuple[type[Exception], ...] = (),
    interval: float = 0.05,
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
        time.sleep(interval)


def settled(read: Callable[[], T], timeout: float, interval: float = 0.25) -> T:
    """`read()` again until it returns something falsy or `timeout` passes; its last value
    (a list of problems that do not go away, say)."""
    deadline = time.monotonic() + timeout
    while (value := read()) and time.monotonic() < deadline:
        time.sleep(interval)
    return value
