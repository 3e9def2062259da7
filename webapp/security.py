"""What keeps private trading data private on the public internet.

- HTTP basic authentication against salted password hashes from the environment
  (`DASHBOARD_USERS="alice:<hash>,bob:<hash>"`, hashes made by `python -m webapp.hash_password`).
  Every route needs it except `/healthz`, which Render's health check calls without credentials
  and which shows no data or secrets. The browser sends the credentials with every request
  (assets and callbacks too), so a verified pair is remembered for a while (`VerifiedLogins`)
  instead of running scrypt (~0.1 s of CPU) each time; wrong passwords are limited per client
  (`FailedLogins`, then 429 with Retry-After).
- The app refuses to start on Render (or with DASHBOARD_REQUIRE_AUTH) without users, unless
  DASHBOARD_PUBLIC=true says the dashboard is public on purpose.
- Security headers on every response, a content security policy Dash works under, and error
  pages without stack traces.
"""

from __future__ import annotations

import collections
import hashlib
import hmac
import logging
import math
import secrets
import threading
import time
from collections.abc import Callable, Collection

from flask import Flask, Request, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.security import check_password_hash

from webapp.config import WebConfig

log = logging.getLogger("webapp.security")
PUBLIC_PATHS = {"/healthz"}
# a valid hash of a random password: checking unknown users costs the same time as known ones
_DUMMY_HASH = "scrypt:32768:8:1$p4v8b5fr4nzxKeoc$0fe1898081ae6daea25ba538ad1d02bcaf6cce9778369c7b5a525895fec62c91ea6a45d1f4a329ae7712e277bcbe1bbd23e62e455b33a3563d4813c3309339be"


class AuthConfigurationError(RuntimeError):
    """Raised at start-up when a deployed dashboard would be open to anyone."""


def check_deployment(config: WebConfig) -> None:
    if config.require_auth and not config.users and not config.public:
        raise AuthConfigurationError(
            "This dashboard shows private trading data and would start without a login. Set DASHBOARD_USERS "
            "(user:password-hash pairs; make a hash with `python -m webapp.hash_password`), or set "
            "DASHBOARD_PUBLIC=true if it is meant to be public."
        )


class VerifiedLogins:
    """Credentials that passed scrypt recently, remembered as a keyed digest (never the password)
    for `ttl` seconds, at most `size` of them."""

    def __init__(self, ttl: float = 900.0, size: int = 1024):
        self.ttl, self.size = ttl, size
        self._key = secrets.token_bytes(32)  # per process: digests mean nothing elsewhere
        self._until: collections.OrderedDict[bytes, float] = collections.OrderedDict()
        self._lock = threading.Lock()

    def _digest(self, username: str, password: str, stored_hash: str) -> bytes:
        # the stored hash is part of the key: changing a password forgets the old one at once
        message = "\0".join((username, password, stored_hash)).encode()
        return hmac.new(self._key, message, hashlib.sha256).digest()

    def verify(self, username: str, password: str, stored_hash: str | None) -> bool:
        if stored_hash is not None:
            digest = self._digest(username, password, stored_hash)
            with self._lock:
                if self._until.get(digest, 0.0) > time.monotonic():
                    return True
        # an unknown user costs the same scrypt as a known one
        valid = check_password_hash(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
        if valid:
            with self._lock:
                self._until[digest] = time.monotonic() + self.ttl
                self._until.move_to_end(digest)
                while len(self._until) > self.size:
                    self._until.popitem(last=False)
        return valid


class FailedLogins:
    """Wrong credentials per client: after `limit` within `window` seconds, the client waits
    until the oldest of them is `window` old."""

    def __init__(self, limit: int = 10, window: float = 60.0):
        self.limit, self.window = limit, window
        self._times: dict[str, collections.deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int:
        """Seconds the client must wait before trying again (0: it may try now)."""
        now = time.monotonic()
        with self._lock:
            times = self._times.get(client)
            while times and now - times[0] >= self.window:
                times.popleft()
            if not times:
                self._times.pop(client, None)
                return 0
            return math.ceil(self.window - (now - times[0])) if len(times) >= self.limit else 0

    def record(self, client: str) -> None:
        with self._lock:
            if len(self._times) > 10_000:  # a flood of addresses cannot grow this without bound
                self._times.clear()
            self._times.setdefault(client, collections.deque(maxlen=self.limit)).append(time.monotonic())


def client_address(req: Request, behind_proxy: bool) -> str:
    """The client as the nearest proxy saw it. Behind Render's proxy, the last entry of
    X-Forwarded-For (the one the proxy appended, which a client cannot forge); elsewhere the
    header is the client's own word, so the socket's address."""
    forwarded = [part.strip() for part in req.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    if behind_proxy and forwarded:
        return forwarded[-1]
    return req.remote_addr or "unknown"


def content_security_policy(script_hashes: list[str]) -> str:
    # Dash renders inline styles (React, plotly) and evaluates formatter strings (dash-ag-grid)
    # and plotly expressions, hence 'unsafe-inline' for styles and 'unsafe-eval' for scripts.
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'unsafe-eval' {' '.join(script_hashes)}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def install(
    server: Flask,
    config: WebConfig,
    script_hashes: Callable[[], list[str]],
    callback_outputs: Callable[[], Collection[str]] = frozenset,
) -> None:
    """Register authentication, headers and error pages on the Flask server behind Dash.
    `script_hashes` is called on the first response: Dash's inline scripts (clientside callbacks
    of every page) are only all known once the app has been set up completely.
    `callback_outputs` gives the outputs of the app's callbacks (a request for another is a 400)."""
    if config.users:
        server.before_request(_login_check(config))
    server.after_request(_security_headers(script_hashes))

    @server.before_request
    def refuse_malformed_callbacks():
        """A callback request that is not the shape Dash's renderer sends is the client's error
        (400), not a failure of ours (Dash itself would raise on it and answer 500)."""
        if request.method == "POST" and request.path.endswith("/_dash-update-component"):
            body = request.get_json(silent=True)
            if not _callback_body_ok(body) or body["output"] not in callback_outputs():
                return Response("400 Bad Request: not a Dash callback request.", 400, mimetype="text/plain")
        return None

    server.errorhandler(Exception)(plain_error)


def _login_check(config: WebConfig) -> Callable[[], Response | None]:
    """HTTP Basic login against DASHBOARD_USERS, with failed attempts throttled per address."""
    verified, failed = VerifiedLogins(), FailedLogins()
    challenge = {"WWW-Authenticate": 'Basic realm="Algo Trading Analytics", charset="UTF-8"'}

    def require_login() -> Response | None:
        if request.path in PUBLIC_PATHS:
            return None
        auth = request.authorization
        if auth is None or auth.type != "basic" or not auth.username:
            return Response("Login required.", 401, challenge)
        client = client_address(request, config.behind_proxy)
        wait = failed.retry_after(client)
        if wait:
            message = f"Too many failed logins from this address; try again in {wait} s."
            return Response(message, 429, {"Retry-After": str(wait)}, mimetype="text/plain")
        if verified.verify(auth.username, auth.password or "", config.users.get(auth.username)):
            return None
        failed.record(client)
        log.warning("failed login for a user name of %d characters from %s", len(auth.username), client)
        return Response("Login required.", 401, challenge)

    return require_login


def _security_headers(script_hashes: Callable[[], list[str]]) -> Callable[[Response], Response]:
    policy: list[str] = []  # built on the first response, when every inline script is known

    def security_headers(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        if not policy:
            policy.append(content_security_policy(script_hashes()))
        response.headers["Content-Security-Policy"] = policy[0]
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if request.is_secure or request.headers.get("X-Forwarded-Proto") == "https":
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        response.headers.pop("Server", None)
        return response

    return security_headers


def plain_error(error: Exception) -> Response:
    """A plain-text error page; an unexpected error is logged with its traceback and the callback."""
    if isinstance(error, HTTPException):
        return Response(f"{error.code} {error.name}", error.code, mimetype="text/plain")
    if "/_dash-component-suites/" in request.path:  # Dash raises for a file it does not serve
        return Response("404 Not Found", 404, mimetype="text/plain")
    body = request.get_json(silent=True) if request.path.endswith("/_dash-update-component") else None
    callback = f" (callback {body.get('output')})" if isinstance(body, dict) else ""
    log.exception("unhandled error on %s %s%s", request.method, request.path, callback)
    return Response("500 Internal Server Error: something went wrong on our side.", 500, mimetype="text/plain")


def _callback_body_ok(body: object) -> bool:
    """The fields Dash's dispatcher reads, with the types its renderer sends."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return False
    if not isinstance(body.get("outputs"), dict | list) or not isinstance(body.get("inputs"), list):
        return False
    if not isinstance(body.get("state", []), list) or not isinstance(body.get("changedPropIds", []), list):
        return False
    items = [*body["inputs"], *body.get("state", [])]
    return all(isinstance(i, dict | list) for i in items)
