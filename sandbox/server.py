"""The sandbox's HTTP face: Composer's paths, auth headers, rate limits and error bodies.

Rate limits are token buckets per endpoint class (standard, live values, backtest), like the
limits Composer documents; over the limit the answer is 429 with a `Retry-After` in seconds.
Faults can be queued for tests through `POST /_sandbox/faults` (not part of Composer's API): a JSON
list of {"kind", "path_contains", ...}: "status" (any status, optional "retry_after"), "slow"
("seconds", then 503), "body" (any body, e.g. truncated JSON or wrong types), "drop" (the
connection closes mid-response).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from flask import Flask, Response, jsonify, request

from ingest.ratelimit import RateLimiter
from sandbox.account import BENCHMARK, SyntheticAccount
from sandbox.reports import order_requests, report_csv

PREFIX = "/api/v0.1"
DEFAULT_KEY_ID = "sandbox-key-id"
DEFAULT_SECRET = "sandbox-secret"
ORDER_PAGE_CAP = 29


@dataclass(frozen=True)
class SandboxSettings:
    """What the sandbox serves and how strict it is."""

    seed: int = 7
    size: int = 25
    as_of: dt.date | None = None
    api_key_id: str = DEFAULT_KEY_ID
    api_secret: str = DEFAULT_SECRET
    # requests per minute for each endpoint class; None turns limiting off
    rate_limits: dict[str, float] | None = field(default_factory=lambda: {"standard": 25.0, "values": 500.0, "backtest": 500.0})
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
                    self.queue.remove(spec)
                    return spec
        return None


def _error(status: int, title: str, code: str) -> Response:
    body = {"errors": [{"status": str(status), "code": code, "title": title, "meta": {}}]}
    return Response(json.dumps(body), status=status, mimetype="application/json")


def _endpoint_class(path: str) -> str:
    if path.endswith("/backtest"):
        return "backtest"
    if "/symphonies/" in path and path.startswith(f"{PREFIX}/portfolio/accounts/"):
        return "values"
    return "standard"


def create_app(settings: SandboxSettings | None = None) -> Flask:
    settings = settings or SandboxSettings()
    account = SyntheticAccount(seed=settings.seed, size=settings.size, as_of=settings.as_of)
    buckets = {name: RateLimiter(limit, margin=0.0) for name, limit in (settings.rate_limits or {}).items()}
    faults = Faults()
    app = Flask("composer-sandbox")
    app.json.sort_keys = False  # the real API sends backtest day keys unordered
    app.config["SANDBOX_ACCOUNT"] = account
    app.config["SANDBOX_FAULTS"] = faults
    stats = {"requests": 0, "rate_limited": 0, "by_class": {}}
    all_orders = order_requests(account)
    app.config["SANDBOX_STATS"] = stats

    @app.post("/_sandbox/faults")
    def push_faults():
        faults.push(request.get_json(force=True))
        return jsonify({"queued": len(faults.queue)})

    @app.get("/_sandbox/stats")
    def get_stats():
        return jsonify(stats)

    @app.before_request
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
            return _error(401, "Invalid API key or secret", "unauthorized")
        fault = faults.next_for(request.path)
        if fault:
            return _fault_response(fault)
        bucket = buckets.get(endpoint_class)
        if bucket:
            wait = bucket.try_acquire()
            if wait:
                stats["rate_limited"] += 1
                resp = _error(429, "Too many requests", "rate-limited")
                resp.headers["Retry-After"] = str(max(1, round(wait)))
                return resp
        return None

    def _account(account_uuid: str) -> Response | None:
        if account_uuid != account.account_uuid:
            return Response(json.dumps("Account not found"), status=404, mimetype="application/json")
        return None

    def _symphony(symphony_id: str) -> Response | None:
        if symphony_id not in account.by_id:
            return _error(404, "Symphony not found", "not-found")
        return None

    @app.get(f"{PREFIX}/accounts/list")
    def accounts_list():
        return jsonify(account.accounts_payload())

    @app.get(f"{PREFIX}/accounts/<account_uuid>/holdings")
    def holdings(account_uuid: str):
        return _account(account_uuid) or jsonify(account.account_holdings_payload())

    @app.get(f"{PREFIX}/portfolio/accounts/<account_uuid>/total-stats")
    def total_stats(account_uuid: str):
        return _account(account_uuid) or jsonify(account.total_stats_payload())

    @app.get(f"{PREFIX}/portfolio/accounts/<account_uuid>/symphony-stats-meta")
    def symphony_stats_meta(account_uuid: str):
        return _account(account_uuid) or jsonify(account.stats_meta_payload())

    @app.get(f"{PREFIX}/portfolio/accounts/<account_uuid>/symphonies/<symphony_id>")
    def live_values(account_uuid: str, symphony_id: str):
        return _account(account_uuid) or _symphony(symphony_id) or jsonify(account.live_payload(symphony_id))

    @app.get(f"{PREFIX}/portfolio/accounts/<account_uuid>/portfolio-history")
    def portfolio_history(account_uuid: str):
        return _account(account_uuid) or jsonify(account.portfolio_history_payload())

    @app.get(f"{PREFIX}/symphonies/<symphony_id>/versions")
    def versions(symphony_id: str):
        return _symphony(symphony_id) or jsonify(account.versions_payload(symphony_id))

    @app.get(f"{PREFIX}/symphonies/<symphony_id>/score")
    def score(symphony_id: str):
        return _symphony(symphony_id) or jsonify(account.score_payload(symphony_id))

    @app.get(f"{PREFIX}/reports/<account_uuid>")
    def reports(account_uuid: str):
        missing = _account(account_uuid)
        if missing:
            return missing
        report_type = request.args.get("report-type")
        try:
            since = dt.date.fromisoformat(request.args["since"])
            until = dt.date.fromisoformat(request.args["until"])
        except (KeyError, ValueError):
            return _error(400, "since and until are required, as YYYY-MM-DD", "bad-request")
        if report_type not in ("trade-activity", "non-trade-activity"):
            return _error(400, "report-type must be trade-activity or non-trade-activity", "bad-request")
        return Response(report_csv(account, report_type, since, until), mimetype="text/csv")

    @app.get(f"{PREFIX}/trading/accounts/<account_uuid>/order-requests")
    def order_requests_page(account_uuid: str):
        missing = _account(account_uuid)
        if missing:
            return missing
        try:
            limit = int(request.args.get("limit", 100))
            offset = int(request.args.get("offset", 0))
        except ValueError:
            return _error(400, "limit and offset must be integers", "bad-request")
        # pages are capped at an odd size, whatever the limit asked for: clients must keep going
        size = min(max(limit, 1), ORDER_PAGE_CAP)
        return jsonify({"order_requests": all_orders[offset : offset + size]})

    @app.post(f"{PREFIX}/symphonies/<symphony_id>/backtest")
    def backtest(symphony_id: str):
        missing = _symphony(symphony_id)
        if missing:
            return missing
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or "capital" not in body:
            return _error(400, "Request body must be JSON with at least 'capital'", "bad-request")
        try:
            start = dt.date.fromisoformat(body["start_date"]) if body.get("start_date") else None
            end = dt.date.fromisoformat(body["end_date"]) if body.get("end_date") else None
        except (TypeError, ValueError):
            return _error(400, "start_date and end_date must be YYYY-MM-DD", "bad-request")
        benchmarks = body.get("benchmark_tickers") or [BENCHMARK]
        return jsonify(account.backtest_payload(symphony_id, start, end, list(benchmarks)))

    return app


def _fault_response(spec: dict) -> Response:
    """Build the response a queued fault asks for."""
    kind = spec["kind"]
    if kind == "status":
        resp = _error(int(spec["status"]), spec.get("title", "Injected fault"), "injected")
        if "retry_after" in spec:
            resp.headers["Retry-After"] = str(spec["retry_after"])
        return resp
    if kind == "slow":
        time.sleep(float(spec["seconds"]))
        return _error(503, "Slow upstream", "injected")
    if kind == "body":
        return Response(spec["body"], status=int(spec.get("status", 200)), mimetype="application/json")
    if kind == "drop":
        # promise a long body, send a little, then close the connection mid-response
        def cut_short():
            yield b'{"partial": '
            raise ConnectionAbortedError("sandbox dropped the connection on purpose")

        return Response(cut_short(), status=200, mimetype="application/json", headers={"Content-Length": "1000"})
    raise ValueError(f"unknown fault kind {kind!r}")
