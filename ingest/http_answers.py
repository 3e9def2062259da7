"""How the client reads Composer's HTTP answers besides their JSON: the Retry-After header, error
bodies summed up in one line, a response past its deadline, and the run's request counts."""

from __future__ import annotations

import datetime as dt
import email.utils
import threading
from dataclasses import dataclass, field

import httpx


@dataclass
class RequestStats:
    """Counts for the run summary; shared by the client's threads."""

    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    limiter_wait_s: float = 0.0  # seconds requests waited on the client's own rate limiter
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: float) -> None:
        with self.lock:
            for name, n in counts.items():
                setattr(self, name, getattr(self, name) + n)


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def error_summary(response: httpx.Response) -> str:
    """One line from Composer's error bodies: {"errors": [...]}, a bare string, or {"error", ...}."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200].strip() or response.reason_phrase
    if isinstance(body, str):
        return body
    if isinstance(body, dict):
        if isinstance(body.get("errors"), list) and body["errors"]:
            first = body["errors"][0]
            if isinstance(first, dict):
                return str(first.get("title") or first.get("code") or first)
        if "error" in body:
            return f"{body['error']}: {body.get('details', '')}".strip(": ")
    return str(body)[:200]


def error_code(response: httpx.Response) -> str | None:
    """The code of the first error in a `{"errors": [...]}` body, if there is one."""
    try:
        body = response.json()
    except ValueError:
        return None
    errors = body.get("errors") if isinstance(body, dict) else None
    first = errors[0] if isinstance(errors, list) and errors else None
    return str(first["code"]) if isinstance(first, dict) and first.get("code") else None


class DeadlineExceeded(Exception):
    """A response took longer than its whole timeout to arrive."""
