"""The sandbox's HTTP face: Composer's paths, auth headers, rate limits and error bodies.

Every request is validated against Composer's published OpenAPI document (ingest/contract.py,
openapi-core) before it is served: a missing or malformed parameter, a date where a date-time
belongs, a value outside an enum, a body field the spec does not allow all get the 400 Composer
answers, with the body the spec gives for that operation (a JSON string, or `{"errors": [...]}`).
Parameters the spec does not define are ignored, as a real server ignores them: `offset` on
order-requests gets the same page again. A missing `position_type` on holdings means direct
positions only (the spec's first value; the client always asks for ALL).

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

from ingest import contract
from sandbox import activity
from sandbox.account import BENCHMARK, SyntheticAccount
from sandbox.rate_limits import SlidingWindow
from sandbox.reports import report_csv

PREFIX = "/api/v0.1"
DEFAULT_KEY_ID = "sandbox-key-id"
DEFAULT_SECRET = "sandbox-secret"
DEFAULT_ORDER_LIMIT = 100


@dataclass(frozen=True)
class SandboxSettings:
    """What the sandbox serves and how strict it is."""

    seed: int = 7
    size: int = 25
    as_of: dt.date | None = None
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
                    self.queue.remove(spec)
                    return spec
        return None


def _error(status: int, title: str, code: str) -> Response:
    body = {"errors": [{"status": status, "code": code, "title": title}]}
    return Response(json.dumps(body), status=status, mimetype="application/json")


def _invalid(method: str, path: str, problems: list[contract.Problem]) -> Response:
    """Composer's 400 for a request its spec refuses, in the body shape the spec gives for it."""
    title = "Invalid request parameters: " + "; ".join(str(p) for p in problems)
    matched = contract.match_path(path)
    schema = contract.error_schema(method, matched[0], 400) if matched else None
    if schema and schema.get("type") == "object":
        body: object = {"errors": [{"status": 400, "code": "invalid-request", "title": title, "meta": {}}]}
    else:
        body = title
    return Response(json.dumps(body), status=400, mimetype="application/json")


def _window(value: str) -> dt.datetime:
    """A report bound the spec already accepted as an RFC 3339 date-time (it has an offset)."""
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _endpoint_class(path: str) -> str:
    if path.endswith("/backtest"):
        return "backtest"
    if "/symphonies/" in path and path.startswith(f"{PREFIX}/portfolio/accounts/"):
        return "values"
    return "standard"


def create_app(settings: SandboxSettings | None = None) -> Flask:
    settings = settings or SandboxSettings()
    account = SyntheticAccount(seed=settings.seed, size=settings.size, as_of=settings.as_of, accounts=settings.accounts)
    windows = {name: SlidingWindow(limit, settings.rate_window_s) for name, limit in (settings.rate_limits or {}).items()}
    faults = Faults()
    app = Flask("composer-sandbox")
    app.json.sort_keys = False  # the real API sends backtest day keys unordered
    app.config["SANDBOX_ACCOUNT"] = account
    app.config["SANDBOX_FAULTS"] = faults
    stats = {"requests": 0, "rate_limited": 0, "by_class": {}, "invalid": 0}
    app.config["SANDBOX_STATS"] = stats
    received: deque[dict] = deque(maxlen=10_000)  # what clients sent, for contract tests
    app.config["SANDBOX_REQUESTS"] = received

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
        if request.path.startswith(PREFIX):
            body = request.get_json(silent=True) if request.method == "POST" else None
            received.append({"method": request.method, "path": request.path, "query": request.args.to_dict(), "body": body})
            problems = contract.request_problems(request.method, request.path, request.args.to_dict(), body)
            if problems:
                stats["invalid"] += 1
                return _invalid(request.method, request.path, problems)
        fault = faults.next_for(request.path)
        if fault:
            return _fault_response(fault)
        window = windows.get(endpoint_class)
        if window:
            wait = window.retry_after()
            if wait:
                stats["rate_limited"] += 1
                resp = _error(429, "Too many requests", "rate-limited")
                resp.headers["Retry-After"] = str(max(1, round(wait)))
                return resp
        return None

    def _account(account_uuid: str) -> int | Response:
        """The account's index, or Composer's 404 (a bare JSON string) for an unknown one."""
        index = account.account_index(account_uuid)
        if index is None:
            return Response(json.dumps("Account not found"), status=404, mimetype="application/json")
        return index

    def _symphony(symphony_id: str, account_index: int | None = None) -> Response | None:
        sym = account.by_id.get(symphony_id)
        if sym is None or (account_index is not None and sym.account != account_index):
            return _error(404, "Symphony not found", "not-found")
        return None

    def _in_account(account_uuid: str, serve) -> Response:
        index = _account(account_uuid)
        return index if isinstance(index, Response) else serve(index)

    @app.get(f"{PREFIX}/accounts/list")
    def accounts_list():
        return jsonify(account.accounts_payload())

    @app.get(f"{PREFIX}/accounts/<account_uuid>/holdings")
    def holdings(account_uuid: str):
        position_type = request.args.get("position_type", "DEFAULT_DIRECT")
        return _in_account(account_uuid, lambda n: jsonify(activity.holdings(account, n, position_type)))

    @app.get(f"{PREFIX}/portfolio/accounts/<account_uuid>/total-stats")
    def total_stats(account_uuid: str):
        return _in_account(account_uuid, lambda n: jsonify(account.total_stats_payload(n)))

    @app.get(f"{PREFIX}/portfolio/accounts/<account_uuid>/symphony-stats-meta")
    def symphony_stats_meta(account_uuid: str):
        return _in_account(account_uuid, lambda n: jsonify(account.stats_meta_payload(n)))

    @app.get(f"{PREFIX}/portfolio/accounts/<account_uuid>/symphonies/<symphony_id>")
    def live_values(account_uuid: str, symphony_id: str):
        return _in_account(account_uuid, lambda n: _symphony(symphony_id, n) or jsonify(account.live_payload(symphony_id)))

    @app.get(f"{PREFIX}/portfolio/accounts/<account_uuid>/portfolio-history")
    def portfolio_history(account_uuid: str):
        return _in_account(account_uuid, lambda n: jsonify(account.portfolio_history_payload(n)))

    @app.get(f"{PREFIX}/symphonies/<symphony_id>/versions")
    def versions(symphony_id: str):
        return _symphony(symphony_id) or jsonify(account.versions_payload(symphony_id))

    @app.get(f"{PREFIX}/reports/<account_uuid>")
    def reports(account_uuid: str):
        since, until = _window(request.args["since"]), _window(request.args["until"])
        report_type = request.args["report-type"]
        return _in_account(
            account_uuid, lambda n: Response(report_csv(account, n, report_type, since, until), mimetype="text/csv")
        )

    @app.get(f"{PREFIX}/trading/accounts/<account_uuid>/order-requests")
    def order_requests_page(account_uuid: str):
        limit = int(request.args.get("limit", DEFAULT_ORDER_LIMIT))
        wanted = {s.strip().upper() for s in request.args.get("status", "").split(",") if s.strip()}

        def serve(n: int) -> Response:
            orders = [o for o in activity.direct_orders(account, n) if not wanted or o["status"] in wanted]
            return jsonify({"order_requests": orders[: max(limit, 0)]})

        return _in_account(account_uuid, serve)

    @app.post(f"{PREFIX}/symphonies/<symphony_id>/backtest")
    def backtest(symphony_id: str):
        missing = _symphony(symphony_id)
        if missing:
            return missing
        body = request.get_json(silent=True)
        try:
            start = dt.date.fromisoformat(body["start_date"]) if body.get("start_date") else None
            end = dt.date.fromisoformat(body["end_date"]) if body.get("end_date") else None
        except (TypeError, ValueError):
            return _invalid("POST", request.path, [contract.Problem("start_date", "must be YYYY-MM-DD")])
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
        return Response(spec["body"], status=int(spec.get("status", 200)), mimetype=spec.get("content_type", "application/json"))
    if kind == "drop":
        # promise a long body, send a little, then close the connection mid-response
        def cut_short():
            yield b'{"partial": '
            raise ConnectionAbortedError("sandbox dropped the connection on purpose")

        return Response(cut_short(), status=200, mimetype="application/json", headers={"Content-Length": "1000"})
    raise ValueError(f"unknown fault kind {kind!r}")
