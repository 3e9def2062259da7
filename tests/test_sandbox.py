"""The sandbox speaks Composer's API: paths, auth, shapes of the captured responses, limits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import httpx
import pytest

from sandbox.server import DEFAULT_KEY_ID, DEFAULT_SECRET
from tests.helpers.sandbox import load_fixture

# copies of ../shared/composer-fixtures (real responses captured from the live API), kept in the repo
# so the suite runs from any clone
HEADERS = {"x-api-key-id": DEFAULT_KEY_ID, "Authorization": f"Bearer {DEFAULT_SECRET}", "x-origin": "public-api"}


def get(sandbox, path: str, **kwargs) -> httpx.Response:
    return httpx.get(f"{sandbox.url}/api/v0.1{path}", headers=kwargs.pop("headers", HEADERS), **kwargs)


def account_id(sandbox) -> str:
    return get(sandbox, "/accounts/list").json()["accounts"][0]["account_uuid"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"x-api-key-id": DEFAULT_KEY_ID, "Authorization": "Bearer wrong"},
        {"x-api-key-id": "wrong", "Authorization": f"Bearer {DEFAULT_SECRET}"},
    ],
)
def test_sandbox_rejects_missing_or_wrong_keys_with_401(sandbox, headers):
    response = get(sandbox, "/accounts/list", headers=headers)
    assert response.status_code == 401
    assert response.json()["errors"][0]["status"] == 401


def test_sandbox_symphony_stats_meta_has_every_field_of_the_captured_response(sandbox):
    captured = load_fixture("symphony_stats_meta.json")["symphonies"][0]
    served = get(sandbox, f"/portfolio/accounts/{account_id(sandbox)}/symphony-stats-meta").json()["symphonies"]
    assert len(served) == 20  # the other five are in the Roth IRA
    optional = {"annualized_rate_of_return", "sharpe_ratio"}  # not required by the spec: absent while too new
    for entry in served:
        assert set(captured) - optional <= set(entry), set(captured) - set(entry)
        assert len(entry["id"]) == 20
        assert set(captured["holdings"][0]) <= set(entry["holdings"][0]) if entry["holdings"] else True
        assert 0 <= entry["max_drawdown"] < 1  # a positive fraction, as Composer reports it


def test_sandbox_total_stats_matches_the_captured_shape(sandbox):
    captured = load_fixture("total_stats.json")
    served = get(sandbox, f"/portfolio/accounts/{account_id(sandbox)}/total-stats").json()
    assert set(captured) - {"metrics"} <= set(served)


def test_sandbox_backtest_uses_unordered_epoch_day_keys_and_composer_stats(sandbox):
    captured = load_fixture("backtest_response.json")
    symphony = get(sandbox, f"/portfolio/accounts/{account_id(sandbox)}/symphony-stats-meta").json()["symphonies"][0]["id"]
    response = httpx.post(
        f"{sandbox.url}/api/v0.1/symphonies/{symphony}/backtest",
        headers=HEADERS,
        json={
            "capital": 10000,
            "broker": "alpaca",
            "slippage_percent": 0.0005,
            "apply_reg_fee": True,
            "apply_taf_fee": True,
            "benchmark_tickers": ["SPY"],
        },
    )
    body = response.json()
    assert {k for k in captured if not k.startswith("_")} <= set(body)
    assert set(body["dvm_capital"]) == {symphony, "SPY"}
    keys = [int(k) for k in body["dvm_capital"][symphony]]
    assert keys != sorted(keys), "keys arrive unordered, as the real API sends them"
    assert min(keys) == body["first_day"] and max(keys) == body["last_market_day"]
    assert {"sharpe_ratio", "max_drawdown", "win_rate", "sortino_ratio", "calmar_ratio"} <= set(body["stats"])
    assert {"alpha", "beta", "r_square", "pearson_r"} == set(body["stats"]["benchmarks"]["SPY"]["percent"])


def test_sandbox_live_values_are_parallel_arrays_of_epoch_ms_at_utc_midnight(sandbox):
    acct = account_id(sandbox)
    symphonies = get(sandbox, f"/portfolio/accounts/{acct}/symphony-stats-meta").json()["symphonies"]
    symphony = next(s["id"] for s in symphonies if s["name"] == "Dividend Compounder (monthly deposits)")
    body = get(sandbox, f"/portfolio/accounts/{acct}/symphonies/{symphony}").json()
    assert len(body["epoch_ms"]) == len(body["series"]) == len(body["deposit_adjusted_series"]) > 700
    assert all(ms % 86_400_000 == 0 for ms in body["epoch_ms"])
    assert body["series"] != body["deposit_adjusted_series"], "this symphony has deposits and withdrawals"


def test_sandbox_unknown_account_is_a_bare_json_string_404(sandbox):
    response = get(sandbox, "/portfolio/accounts/00000000-0000-4000-8000-000000000000/symphony-stats-meta")
    assert response.status_code == 404
    assert response.json() == "Account not found"


def test_sandbox_account_has_the_documented_styles(sandbox):
    login = sandbox.app.config["SANDBOX_ACCOUNT"]
    symphonies = [
        s for a in login.account_uuids for s in get(sandbox, f"/portfolio/accounts/{a}/symphony-stats-meta").json()["symphonies"]
    ]
    by_name = {s["name"]: s for s in symphonies}
    assert by_name["Sector Rotation Classic"]["value"] == 0.0  # liquidated months ago
    assert "sharpe_ratio" not in by_name["Fresh Start: Vol Harvest"]  # two weeks old: too new to measure
    assert by_name["TQQQ For The Long Term (leveraged momentum)"]["max_drawdown"] > 0.3
    assert by_name["Treasury Ladder Rotation"]["max_drawdown"] < 0.15
    assert any(s["asset_class"] == "CRYPTO" for s in symphonies)


def test_sandbox_is_deterministic_for_a_seed_and_sized_on_request(start_sandbox):
    first, second, tiny = start_sandbox(seed=3), start_sandbox(seed=3), start_sandbox(size=1)
    path = "/portfolio/accounts/{}/symphony-stats-meta"
    assert get(first, path.format(account_id(first))).json() == get(second, path.format(account_id(second))).json()
    assert len(get(tiny, path.format(account_id(tiny))).json()["symphonies"]) == 1


def test_sandbox_rate_limit_answers_429_with_retry_after(start_sandbox):
    limited = start_sandbox(rate_limits={"standard": 3.0})
    statuses = [get(limited, "/accounts/list") for _ in range(5)]
    assert [r.status_code for r in statuses[:3]] == [200, 200, 200]
    assert statuses[3].status_code == 429
    assert int(statuses[3].headers["Retry-After"]) >= 1


def test_sandbox_rate_limit_counts_a_sliding_window_not_a_refilling_bucket(start_sandbox):
    """Three a window: halfway through it a token bucket would have refilled one and a half
    requests; a sliding window (the strictest reading of "per minute") still refuses."""
    limited = start_sandbox(rate_limits={"standard": 3.0}, rate_window_s=2.0)
    assert [get(limited, "/accounts/list").status_code for _ in range(3)] == [200, 200, 200]
    time.sleep(1.0)
    assert get(limited, "/accounts/list").status_code == 429
    time.sleep(1.1)
    assert get(limited, "/accounts/list").status_code == 200


def test_the_demo_sandbox_declares_its_limits_and_the_demo_client_held_to_them_neither_waits_nor_is_refused(tmp_path):
    """`make run` starts the sandbox with --rate-limit standard=600 and exports what it declares
    (sandbox.limits) for the ingest client: the first sync of the demo account makes more standard
    requests than Composer's 25 a minute allows (it would wait out a minute), and none waits here."""
    from tests.helpers.browser import ROOT, free_port

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--port", str(port), "--rate-limit", "standard=600"], cwd=ROOT, stdout=subprocess.PIPE
    )
    try:
        assert "sandbox Composer API" in server.stdout.readline().decode()
        url = f"http://127.0.0.1:{port}"
        declared = subprocess.run(
            [sys.executable, "-m", "sandbox.limits", url], cwd=ROOT, capture_output=True, text=True, check=True
        )
        limits = dict(line.split("=", 1) for line in declared.stdout.splitlines())
        assert limits == {
            "COMPOSER_RATE_LIMIT_STANDARD": "600",
            "COMPOSER_RATE_LIMIT_VALUES": "500",
            "COMPOSER_RATE_LIMIT_BACKTEST": "500",
        }
        env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "DATA_URL": str(tmp_path), "ALERTS": "off"}
        env |= {"COMPOSER_API_BASE_URL": url, "COMPOSER_API_KEY": DEFAULT_KEY_ID, "COMPOSER_SECRET_KEY": DEFAULT_SECRET} | limits
        run = subprocess.run(
            [sys.executable, "-m", "ingest", "run", "--no-artifacts"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        stats = httpx.get(f"{url}/_sandbox/stats").json()
    finally:
        server.terminate()
        server.wait(timeout=10)
    manifest = next(json.loads(p.read_text()) for p in (tmp_path / "manifests").glob("2*.json"))
    assert stats["by_class"]["standard"] > 24  # Composer's 25 a minute would have held this run back a minute
    assert manifest["requests"]["limiter_wait_s"] == 0 and manifest["requests"]["rate_limited"] == stats["rate_limited"] == 0
