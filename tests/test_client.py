"""The Composer client over HTTP against the sandbox: retries, Retry-After, fail-fast errors."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from ingest.client import ComposerClient
from ingest.errors import ComposerAuthError, ComposerDataError, ComposerNotFound, ComposerUnavailable
from ingest.http_answers import parse_retry_after
from sandbox.server import DEFAULT_KEY_ID
from tests.helpers.sandbox import client_for


def test_client_sends_composer_auth_headers_and_reads_accounts(sandbox):
    with client_for(sandbox) as client:
        accounts = client.accounts()
    assert accounts[0]["account_type"] == "INDIVIDUAL"


def test_client_fails_fast_on_wrong_secret_without_retrying_or_leaking_it(sandbox):
    with ComposerClient(sandbox.url, DEFAULT_KEY_ID, "super-secret-value", max_backoff_s=0.01) as client:
        with pytest.raises(ComposerAuthError) as error:
            client.accounts()
    assert "super-secret-value" not in str(error.value)
    assert "COMPOSER_SECRET_KEY" in str(error.value)
    assert client.stats.requests == 1 and client.stats.retries == 0


def test_client_retries_429_honouring_retry_after_seconds(sandbox):
    sandbox.faults({"kind": "status", "status": 429, "retry_after": 1, "path_contains": "/accounts/list"})
    with client_for(sandbox) as client:
        started = time.monotonic()
        client.accounts()
        waited = time.monotonic() - started
    assert client.stats.rate_limited == 1 and client.stats.retries == 1
    assert waited >= 1.0


@pytest.mark.parametrize("status", [500, 502, 503])
def test_client_retries_server_errors_then_succeeds(sandbox, status):
    sandbox.faults(*[{"kind": "status", "status": status, "path_contains": "/accounts/list"}] * 2)
    with client_for(sandbox) as client:
        assert client.accounts()
    assert client.stats.retries == 2


def test_client_gives_up_after_max_attempts_with_the_last_error(sandbox):
    sandbox.faults(*[{"kind": "status", "status": 503, "title": "Maintenance", "path_contains": "/accounts/list"}] * 3)
    with client_for(sandbox, max_attempts=3) as client:
        with pytest.raises(ComposerUnavailable, match="503: Maintenance"):
            client.accounts()
    assert client.stats.requests == 3


def test_client_retries_a_timeout(sandbox):
    sandbox.faults({"kind": "slow", "seconds": 1.5, "path_contains": "/accounts/list"})
    with client_for(sandbox, timeout_s=0.5) as client:
        assert client.accounts()
    assert client.stats.retries == 1


def test_client_does_not_retry_404(sandbox):
    with client_for(sandbox) as client:
        with pytest.raises(ComposerNotFound, match="Account not found"):
            client.symphony_stats_meta("00000000-0000-4000-8000-000000000000")
    assert client.stats.requests == 1


def test_client_reports_truncated_json_as_a_data_error(sandbox):
    sandbox.faults({"kind": "body", "body": '{"accounts": [{"account_uu', "path_contains": "/accounts/list"})
    with client_for(sandbox) as client:
        with pytest.raises(ComposerDataError, match="not valid JSON"):
            client.accounts()


def test_client_rate_limiter_stays_within_the_sandboxs_independent_sliding_window(start_sandbox):
    """The sandbox counts with its own sliding window (sandbox/rate_limits.py), the strictest way
    Composer could count; a 2 s window stands in for Composer's minute to keep the test quick."""
    limited = start_sandbox(rate_limits={"standard": 10.0}, rate_window_s=2.0)
    started = time.monotonic()
    with client_for(limited, rate_limits={"standard": 10.0}, rate_window_s=2.0) as client:
        for _ in range(25):
            client.accounts()
    assert client.stats.rate_limited == 0 and limited.stats["rate_limited"] == 0
    assert time.monotonic() - started >= 4.0  # 9 per window: the 10th and the 19th request each waited for the window to pass


def test_parse_retry_after_reads_seconds_and_http_dates():
    now = dt.datetime(2026, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:05 GMT", now=now) == 5.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_order_requests_ask_for_a_limit_and_never_an_offset(sandbox):
    account = sandbox.app.config["SANDBOX_ACCOUNT"]
    with client_for(sandbox) as client:
        orders, limit_reached = client.order_requests(account.account_uuid, limit=1000)
    assert len(orders) == 137 and len({o["order_request_id"] for o in orders}) == 137 and not limit_reached
    assert client.stats.requests == 1
    sent = [r for r in sandbox.requests if r["path"].endswith("/order-requests")]
    assert sent == [{"method": "GET", "path": sent[0]["path"], "query": {"limit": "1000"}, "body": None}]


def test_order_requests_say_when_the_limit_was_reached(sandbox):
    account = sandbox.app.config["SANDBOX_ACCOUNT"]
    with client_for(sandbox) as client:
        orders, limit_reached = client.order_requests(account.account_uuid, limit=50)
    newest = sorted((o["created_at"] for o in orders), reverse=True)
    assert len(orders) == 50 and limit_reached and [o["created_at"] for o in orders] == newest


def test_a_timeout_is_a_deadline_for_the_whole_response_not_per_read():
    """A server that sends its body one byte every second never trips a 3 s read timeout; the
    request still ends after about 3 s."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    stop = threading.Event()

    def drip() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
                for _ in range(100):
                    if stop.wait(1.0):
                        break
                    try:
                        conn.sendall(b" ")
                    except OSError:
                        break

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.getsockname()[1]}"
    try:
        with ComposerClient(url, "key", "secret", timeout_s=3.0, max_attempts=1) as client:
            started = time.monotonic()
            with pytest.raises(ComposerUnavailable, match="did not finish within 3 s"):
                client.accounts()
            assert time.monotonic() - started < 6
    finally:
        stop.set()
        server.close()
