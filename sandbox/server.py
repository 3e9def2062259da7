"""The sandbox's HTTP face: Composer's paths, auth headers, rate limits and error bodies.

Every request is validated against Composer's published OpenAPI document (ingest/contract.py,
openapi-core) before it is served: a missing or malformed parameter, a date where a date-time
belongs, a value outside an enum, a body field the spec does not allow all get the 400 Composer
answers, with the body the spec gives for that operation (a JSON string, or `{"errors": [...]}`).
Parameters the spec does not define are ignored, as a real server ignores them: `offset` on
order-requests gets the same page again. A missing `position_type` on holdings means direct
positions only (the spec's first value; the client always asks for ALL).

Rate limits are sliding windows per endpoint class (standard, live values, backtest;
sandbox/rate_limits.py), the strictest reading of the limits Composer documents; over the limit
the answer is 429 with a `Retry-After` in seconds.
Faults can be queued for tests through `POST /_sandbox/faults` (not part of Composer's API): a JSON
list of {"kind", "path_contains", ...}: "status" (any status, optional "retry_after" and "code"),
"slow" ("seconds", then 503), "body" (any body, e.g. truncated JSON or wrong types), "drop" (the
connection closes mid-response), "omit" (the answer as served, without the dotted JSON paths in
"fields": the drift of a Composer that dropped or renamed a field). Each fault serves the next
matching request, or every one with "repeat": true.
The clock (sandbox/clock.py) is the real time unless `--now` or `POST /_sandbox/clock` set it:
market-hours and the intraday figures of stats-meta and total-stats follow it.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from flask import Flask, g, jsonify, request

from ingest import contract
from sandbox.account import SyntheticAccount
from sandbox.calendar import NEW_YORK
from sandbox.clock import SandboxClock
from sandbox.rate_limits import SlidingWindow
from sandbox.responses import error, fault_response, invalid, without_fields
from sandbox.routes import PREFIX, register_api

DEFAULT_KEY_ID = "sandbox-key-id"
DEFAULT_SECRET = "sandbox-secret"


@dataclass(frozen=True)
class SandboxSettings:
    """What the sandbox serves and how strict it is."""

    seed: int = 7
    size: int = 25
    as_of: dt.date | None = None  # None: the last weekday before the clock's day in New York
    now: dt.datetime | None = None  # None: the real time; else the clock starts here and runs on
    accounts: int = 2
    api_key_id: str = DEFAULT_KEY_ID
    api_secret: str = DEFAULT_SECRET
    # requests per minute for each endpoint class; None turns limiting off
    rate_limits: dict[str, float] | None = field(default_factory=lambda: {"standard": 25.0, "values": 500.0, "backtest": 500.0})
    rate_window_s: float = 60.0  # Composer counts per minute; tests shorten the window to stay quick
    latency_s: float = 0.0


class Faults:
    """A queue of faults to inject into the next matching requests (tests only)."""

    def __init__(self) -> None:
        self.queue: deque[dict] = deque()
        self.lock = threading.Lock()

    def push(self, specs: list[dict]) -> None:
        with self.lock:
            self.queue.extend(specs)

    def next_for(self, path: str) -> dict | None:
        with self.lock:
            for spec in list(self.queue):
                if spec.get("path_contains", "") in path:
                    if not spec.get("repeat"):
                        self.queue.remove(spec)
                    return spec
        return None


ENDPOINT_CLASSES = ("standard", "values", "backtest")


def _endpoint_class(path: str) -> str:
    if path.endswith("/backtest"):
        return "backtest"
    if "/symphonies/" in path and path.startswith(f"{PREFIX}/portfolio/accounts/"):
        return "values"
    return "standard"


def create_app(settings: SandboxSettings | None = None) -> Flask:
    settings = settings or SandboxSettings()
    clock = SandboxClock(settings.now)
    as_of = settings.as_of or clock.now().astimezone(NEW_YORK).date() - dt.timedelta(days=1)
    account = SyntheticAccount(seed=settings.seed, size=settings.size, as_of=as_of, accounts=settings.accounts)
    windows = {name: SlidingWindow(limit, settings.rate_window_s) for name, limit in (settings.rate_limits or {}).items()}
    faults = Faults()
    app = Flask("composer-sandbox")
    app.json.sort_keys = False  # the real API sends backtest day keys unordered
    app.config["SANDBOX_SETTINGS"] = settings
    app.config["SANDBOX_ACCOUNT"] = account
    app.config["SANDBOX_FAULTS"] = faults
    app.config["SANDBOX_CLOCK"] = clock
    stats = {"requests": 0, "rate_limited": 0, "by_class": {}, "invalid": 0}
    app.config["SANDBOX_STATS"] = stats
    received: deque[dict] = deque(maxlen=10_000)  # what clients sent, for contract tests
    app.config["SANDBOX_REQUESTS"] = received

    @app.post("/_sandbox/faults")
    def push_faults():
        faults.push(request.get_json(force=True))
        return jsonify({"queued": len(faults.queue)})

    @app.post("/_sandbox/clock")
    def set_clock():
        """Move the clock (tests): {"now": "2025-06-02T14:30:00-04:00"}; it runs on from there."""
        try:
            clock.set(dt.datetime.fromisoformat(request.get_json(force=True)["now"]))
        except (KeyError, TypeError, ValueError) as exc:
            return jsonify({"error": f"give {{'now': <ISO date-time with offset>}}: {exc}"}), 400
        return jsonify({"now": clock.now().isoformat()})

    @app.get("/_sandbox/stats")
    def get_stats():
        return jsonify(stats)

    @app.get("/_sandbox/rate-limits")
    def get_rate_limits():
        """The limits this sandbox enforces, requests a minute per endpoint class (0: none), so the
        demo's client can be held to them (sandbox/limits.py) instead of to Composer's."""
        limits = settings.rate_limits or {}
        return jsonify({name: limits.get(name, 0) * 60.0 / settings.rate_window_s for name in ENDPOINT_CLASSES})

    app.before_request(_gatekeeper(settings, faults, stats, received, windows))
    app.after_request(without_fields)
    register_api(app, account, clock)
    return app


def _gatekeeper(settings: SandboxSettings, faults: Faults, stats: dict, received: deque, windows: dict):
    """What Composer checks before it serves: the key, the request against the spec, the rate
    limit of the endpoint's class (and the faults a test queued)."""

    def gatekeeper():
        if request.path.startswith("/_sandbox"):
            return None
        stats["requests"] += 1
        endpoint_class = _endpoint_class(request.path)
        stats["by_class"][endpoint_class] = stats["by_class"].get(endpoint_class, 0) + 1
        if settings.latency_s:
            time.sleep(settings.latency_s)
        if (
            request.headers.get("x-api-key-id") != settings.api_key_id
            or request.headers.get("Authorization") != f"Bearer {settings.api_secret}"
        ):
            return error(401, "Invalid API key or secret", "unauthorized")
        if request.path.startswith(PREFIX):
            body = request.get_json(silent=True) if request.method == "POST" else None
            received.append({"method": request.method, "path": request.path, "query": request.args.to_dict(), "body": body})
            problems = contract.request_problems(request.method, request.path, request.args.to_dict(), body)
            if problems:
                stats["invalid"] += 1
                return invalid(request.method, request.path, problems)
        fault = faults.next_for(request.path)
        if fault and fault["kind"] == "omit":
            g.omit = fault["fields"]  # applied to the answer as served (without_fields)
        elif fault:
            return fault_response(fault)
        window = windows.get(endpoint_class)
        if window:
            wait = window.retry_after()
            if wait:
                stats["rate_limited"] += 1
                resp = error(429, "Too many requests", "rate-limited")
                resp.headers["Retry-After"] = str(max(1, round(wait)))
                return resp
        return None

    return gatekeeper
