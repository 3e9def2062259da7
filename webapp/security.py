"""What keeps private trading data private on the public internet.

- HTTP basic authentication against salted password hashes from the environment
  (`DASHBOARD_USERS="alice:<hash>,bob:<hash>"`, hashes made by `python -m webapp.hash_password`).
  Every route needs it except `/healthz`, which Render's health check calls without credentials
  and which shows no data or secrets.
- The app refuses to start on Render (or with DASHBOARD_REQUIRE_AUTH) without users, unless
  DASHBOARD_PUBLIC=true says the dashboard is public on purpose.
- Security headers on every response, a content security policy Dash works under, and error
  pages without stack traces.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

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


def _authorized(req: Request, users: dict[str, str]) -> bool:
    auth = req.authorization
    if auth is None or auth.type != "basic" or not auth.username:
        return False
    stored = users.get(auth.username)
    valid = check_password_hash(stored or _DUMMY_HASH, auth.password or "")
    return stored is not None and valid


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


def install(server: Flask, config: WebConfig, script_hashes: Callable[[], list[str]]) -> None:
    """Register authentication, headers and error pages on the Flask server behind Dash.
    `script_hashes` is called on the first response: Dash's inline scripts (clientside callbacks
    of every page) are only all known once the app has been set up completely."""
    policy: list[str] = []

    if config.users:

        @server.before_request
        def require_login():
            if request.path in PUBLIC_PATHS or _authorized(request, config.users):
                return None
            return Response("Login required.", 401, {"WWW-Authenticate": 'Basic realm="Algo Trading Analytics", charset="UTF-8"'})

    @server.after_request
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

    @server.errorhandler(Exception)
    def plain_error(error: Exception):
        if isinstance(error, HTTPException):
            return Response(f"{error.code} {error.name}", error.code, mimetype="text/plain")
        log.error("unhandled error on %s: %s", request.path, type(error).__name__)
        return Response("500 Internal Server Error: something went wrong on our side.", 500, mimetype="text/plain")
