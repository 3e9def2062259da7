"""Login at full speed: a verified password is remembered (scrypt runs once, not on every asset
and callback), wrong passwords are limited per client with a clear 429, a plaintext password in
DASHBOARD_USERS stops the app at start, and gunicorn does not announce itself."""

from __future__ import annotations

import os
import subprocess
import sys

import flask
import httpx
import pytest
from werkzeug.security import generate_password_hash

from tests.helpers.browser import ARTIFACTS, ROOT, start_dashboard, stop
from webapp import security
from webapp.config import WebConfig, parse_users

PASSWORD = "correct horse battery staple"
HASH = generate_password_hash(PASSWORD)


@pytest.fixture
def scrypt_calls(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = security.check_password_hash

    def counted(stored: str, password: str) -> bool:
        calls.append(stored)
        return real(stored, password)

    monkeypatch.setattr(security, "check_password_hash", counted)
    return calls


@pytest.fixture
def client():
    app = flask.Flask(__name__)
    app.add_url_rule("/page", "page", lambda: "private")
    security.install(app, WebConfig(users={"trader": HASH}), lambda: [])
    return app.test_client()


def basic(user: str, password: str) -> dict[str, str]:
    import base64

    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_a_verified_password_runs_scrypt_once_for_many_requests(client, scrypt_calls):
    for _ in range(20):
        assert client.get("/page", headers=basic("trader", PASSWORD)).status_code == 200
    assert len(scrypt_calls) == 1


def test_a_wrong_password_is_never_remembered_as_right(client, scrypt_calls):
    assert client.get("/page", headers=basic("trader", PASSWORD)).status_code == 200
    assert client.get("/page", headers=basic("trader", PASSWORD + "x")).status_code == 401
    assert client.get("/page", headers=basic("nobody", PASSWORD)).status_code == 401
    assert len(scrypt_calls) == 3  # unknown users cost a scrypt too (no timing hint)


def test_a_changed_password_hash_forgets_the_old_password_at_once():
    logins = security.VerifiedLogins()
    assert logins.verify("trader", PASSWORD, HASH)
    assert not logins.verify("trader", PASSWORD, generate_password_hash("new password"))


def test_after_ten_wrong_passwords_a_client_waits_with_a_clear_429_while_others_log_in(client):
    for _ in range(10):
        assert client.get("/page", headers=basic("trader", "guess")).status_code == 401
    blocked = client.get("/page", headers=basic("trader", PASSWORD))
    assert blocked.status_code == 429 and 0 < int(blocked.headers["Retry-After"]) <= 60
    assert "Too many failed logins" in blocked.get_data(as_text=True)
    other = client.get("/page", headers=basic("trader", PASSWORD), environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_the_client_is_the_address_the_nearest_proxy_saw():
    limiter = security.FailedLogins(limit=2, window=60)
    app = flask.Flask(__name__)
    forged = {"X-Forwarded-For": "1.2.3.4, 203.0.113.7"}
    with app.test_request_context(headers=forged, environ_base={"REMOTE_ADDR": "10.1.1.1"}):
        assert security.client_address(flask.request, behind_proxy=False) == "10.1.1.1"  # no proxy: the header is forgeable
        address = security.client_address(flask.request, behind_proxy=True)
    assert address == "203.0.113.7"
    limiter.record(address)
    assert limiter.retry_after(address) == 0
    limiter.record(address)
    assert limiter.retry_after(address) > 0 and limiter.retry_after("198.51.100.1") == 0


@pytest.mark.parametrize("entry", ["trader:hunter2", "trader:scrypt:32768:8:1", "trader:md5$abc$def"])
def test_a_plaintext_password_in_dashboard_users_is_refused_without_echoing_it(entry):
    with pytest.raises(ValueError, match="not a password hash") as raised:
        parse_users(entry)
    assert entry.split(":", 1)[1] not in str(raised.value)


def test_the_app_does_not_start_with_a_plaintext_password(local_lake):
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "DATA_URL": local_lake}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "webapp.app:server", "-c", "gunicorn.conf.py", "--bind", "127.0.0.1:0"],
        cwd=ROOT,
        env=env | {"DASHBOARD_USERS": "trader:hunter2"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "not a password hash" in result.stdout + result.stderr and "hunter2" not in result.stdout + result.stderr


def test_gunicorn_sends_no_server_header(local_lake):
    process, url = start_dashboard({"DATA_URL": local_lake}, ARTIFACTS / "server_header.log")
    try:
        for path in ("/", "/healthz", "/vendor/bootstrap.min.css"):
            assert "server" not in httpx.get(url + path).headers, path
    finally:
        stop(process)
