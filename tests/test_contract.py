"""Composer's published spec is the contract: every request the client sends and every response
the sandbox serves is checked against it, the sandbox refuses what Composer refuses, and the
doctor names what differs."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import re

import httpx
import pytest

from ingest import contract, pipeline
from ingest.cli import main as ingest_main
from ingest.contract import new_york_day_bounds
from ingest.doctor import Doctor
from sandbox.server import DEFAULT_KEY_ID, DEFAULT_SECRET
from tests.helpers.sandbox import AS_OF, client_for, ingest_config

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "composer"
PREFIX = "/api/v0.1"
# the read endpoints the sync and the doctor use
CLIENT_OPERATIONS = {
    ("GET", "/api/v0.1/accounts/list"),
    ("GET", "/api/v0.1/accounts/{account-id}/holdings"),
    ("GET", "/api/v0.1/portfolio/accounts/{account-id}/total-stats"),
    ("GET", "/api/v0.1/portfolio/accounts/{account-id}/symphony-stats-meta"),
    ("GET", "/api/v0.1/portfolio/accounts/{account-id}/symphonies/{symphony-id}"),
    ("GET", "/api/v0.1/portfolio/accounts/{account-id}/portfolio-history"),
    ("GET", "/api/v0.1/symphonies/{symphony-id}/versions"),
    ("POST", "/api/v0.1/symphonies/{symphony-id}/backtest"),
    ("GET", "/api/v0.1/trading/accounts/{account-id}/order-requests"),
    ("GET", "/api/v0.1/reports/{account-id}"),
    ("GET", "/api/v0.1/deploy/market-hours"),
    ("GET", "/api/v0.1/portfolio/accounts/{account-id}/symphony-historical-holdings"),
    ("POST", "/api/v0.1/dry-run"),
}


def _http(sandbox) -> httpx.Client:
    return httpx.Client(
        base_url=sandbox.url, headers={"x-api-key-id": DEFAULT_KEY_ID, "Authorization": f"Bearer {DEFAULT_SECRET}"}
    )


def test_the_spec_in_the_repo_is_composers_published_reference():
    shared = pathlib.Path(__file__).parents[2] / "shared" / "composer-fixtures" / "openapi.json"
    spec = contract.spec()
    assert spec["info"]["title"] == "Welcome to the Composer API!" and len(spec["paths"]) == 32
    if shared.exists():  # beside a clone in CI and on developer machines
        assert json.loads(shared.read_text()) == spec


def test_the_newer_endpoints_are_written_down_in_the_spec_form_and_held_to_it():
    """symphony-historical-holdings (newer than the copy) is checked like the published paths: a
    request without include_aggregate_account_holdings is refused, one with every parameter is not."""
    path = f"{PREFIX}/portfolio/accounts/00000000-0000-4000-8000-000000000000/symphony-historical-holdings"
    assert contract.match_path(path)[0] not in contract.spec()["paths"]
    missing = contract.request_problems("GET", path, {"start_date": "2026-11-02", "end_date": "2026-11-20"})
    assert [str(p) for p in missing] == ["query parameter include_aggregate_account_holdings: required but missing"]
    query = {"start_date": "2026-11-02", "end_date": "2026-11-20", "include_aggregate_account_holdings": "false"}
    assert contract.request_problems("GET", path, query) == []
    assert contract.request_problems("GET", path, query | {"start_date": "2026-11-02T00:00:00Z"}) != []


def test_every_request_of_a_full_sync_and_the_doctor_validates_against_the_spec(sandbox, tmp_path):
    with client_for(sandbox) as client:
        pipeline.run(ingest_config(sandbox, str(tmp_path), REPORT_WINDOW_DAYS="400"), client)
        Doctor(client, AS_OF).run()
    used = set()
    for sent in sandbox.requests:
        assert contract.request_problems(sent["method"], sent["path"], sent["query"], sent["body"]) == [], sent
        used.add((sent["method"], contract.match_path(sent["path"])[0]))
    assert used == CLIENT_OPERATIONS
    assert sandbox.stats["invalid"] == 0
    reports = [r["query"] for r in sandbox.requests if "/reports/" in r["path"]]
    assert reports and all(q["since"].endswith("Z") and "T" in q["since"] and q["until"].endswith(".999Z") for q in reports)
    holdings = [r["query"] for r in sandbox.requests if r["path"].endswith("/holdings")]
    assert holdings and all(q == {"position_type": "ALL"} for q in holdings)


def test_every_sandbox_response_the_client_reads_validates_against_the_spec(sandbox):
    body = {"capital": 10000, "broker": "alpaca", "slippage_percent": 0.0005, "apply_reg_fee": True, "apply_taf_fee": True}
    with _http(sandbox) as http:
        accounts = http.get(f"{PREFIX}/accounts/list").json()["accounts"]
        assert len(accounts) == 2
        calls = [("GET", f"{PREFIX}/accounts/list", {}, None)]
        for account in accounts:
            a = account["account_uuid"]
            symphonies = http.get(f"{PREFIX}/portfolio/accounts/{a}/symphony-stats-meta").json()["symphonies"]
            calls += [
                ("GET", f"{PREFIX}/accounts/{a}/holdings", {"position_type": kind}, None)
                for kind in ("ALL", "SYMPHONY", "DEFAULT_DIRECT")
            ]
            calls += [
                ("GET", f"{PREFIX}/portfolio/accounts/{a}/{what}", {}, None)
                for what in ("total-stats", "symphony-stats-meta", "portfolio-history")
            ]
            calls += [
                ("GET", f"{PREFIX}/trading/accounts/{a}/order-requests", {"limit": "1000", "status": "FILLED,CANCELED"}, None)
            ]
            calls += [
                (
                    "GET",
                    f"{PREFIX}/portfolio/accounts/{a}/symphony-historical-holdings",
                    {"start_date": "2026-10-01", "end_date": "2026-11-20", "include_aggregate_account_holdings": aggregate},
                    None,
                )
                for aggregate in ("false", "true")
            ]
            for s in symphonies:  # every symphony: the new one, the liquidated one, the edited ones
                calls += [
                    ("GET", f"{PREFIX}/portfolio/accounts/{a}/symphonies/{s['id']}", {}, None),
                    ("GET", f"{PREFIX}/symphonies/{s['id']}/versions", {}, None),
                    ("POST", f"{PREFIX}/symphonies/{s['id']}/backtest", {}, body | {"benchmark_tickers": ["SPY", "QQQ"]}),
                ]
        for method, path, query, payload in calls:
            response = http.request(method, path, params=query, json=payload)
            assert response.status_code == 200, (path, response.text[:200])
            problems = contract.response_problems(method, path, 200, response.content, "application/json", query)
            assert problems == [], (path, problems[:3])


def test_the_sandbox_refuses_a_bare_date_with_composers_400(sandbox):
    account = sandbox.app.config["SANDBOX_ACCOUNT"]
    with _http(sandbox) as http:
        response = http.get(
            f"{PREFIX}/reports/{account.account_uuid}",
            params={"since": "2022-03-01", "until": "2022-03-31", "report-type": "trade-activity"},
        )
    assert response.status_code == 400
    assert response.json().startswith("Invalid request parameters") and "query parameter since" in response.json()
    assert contract.response_problems("GET", f"{PREFIX}/reports/{account.account_uuid}", 400, response.content) == []


@pytest.mark.parametrize(
    ("method", "path", "query", "body", "named"),
    [
        ("GET", "/reports/{a}", {"since": "2022-03-01T05:00:00Z", "report-type": "trade-activity"}, None, "until"),
        ("GET", "/reports/{a}", {"since": "2022-03-01T05:00:00Z", "until": "2022-03-02T05:00:00Z", "report-type": "trades"}, None, "report-type"),
        ("GET", "/reports/not-a-uuid", {"since": "2022-03-01T05:00:00Z", "until": "2022-03-02T05:00:00Z", "report-type": "trade-activity"}, None, "account-id"),
        ("GET", "/accounts/{a}/holdings", {"position_type": "BOTH"}, None, "position_type"),
        ("GET", "/trading/accounts/{a}/order-requests", {"limit": "many"}, None, "limit"),
        ("POST", "/symphonies/{s}/backtest", {}, {"capital": 10000}, "apply_reg_fee"),
        ("GET", "/portfolio/accounts/{a}/symphony-historical-holdings", {"start_date": "2026-11-02", "end_date": "2026-11-20"}, None, "include_aggregate_account_holdings"),
        ("GET", "/portfolio/accounts/{a}/symphony-historical-holdings", {"start_date": "2026-11-20", "end_date": "2026-11-02", "include_aggregate_account_holdings": "false"}, None, "end_date"),
        ("POST", "/dry-run", {}, {"account_uuids": []}, "send_segment_event"),
        ("POST", "/symphonies/{s}/backtest", {}, {"capital": 1, "broker": "alpaca", "slippage_percent": 0, "apply_reg_fee": True, "apply_taf_fee": True, "symphony": {}}, "'symphony' was unexpected"),
    ],
)  # fmt: skip
def test_the_sandbox_refuses_what_the_spec_refuses_and_names_it(sandbox, method, path, query, body, named):
    account = sandbox.app.config["SANDBOX_ACCOUNT"]
    full = PREFIX + path.format(a=account.account_uuid, s=account.symphonies[0].id)
    with _http(sandbox) as http:
        response = http.request(method, full, params=query, json=body)
    assert response.status_code == 400 and named in response.text
    template = contract.match_path(full)[0]
    assert (
        contract.response_problems(method, full, 400, response.content) == []
        or contract.error_schema(method, template, 400) is None
    )


def test_the_sandbox_ignores_parameters_the_spec_does_not_define(sandbox):
    """A real server ignores an unknown parameter: offset paging gets the same page again."""
    account = sandbox.app.config["SANDBOX_ACCOUNT"]
    path = f"{PREFIX}/trading/accounts/{account.account_uuid}/order-requests"
    with _http(sandbox) as http:
        first = http.get(path, params={"limit": "20"}).json()
        second = http.get(path, params={"limit": "20", "offset": "20"}).json()
    assert first == second and len(first["order_requests"]) == 20


def test_new_york_day_bounds_cover_whole_days_in_winter_and_summer():
    assert new_york_day_bounds(dt.date(2023, 1, 1), dt.date(2023, 1, 31)) == (
        "2023-01-01T05:00:00.000Z",
        "2023-02-01T04:59:59.999Z",
    )
    assert new_york_day_bounds(dt.date(2023, 7, 1), dt.date(2023, 7, 1)) == (
        "2023-07-01T04:00:00.000Z",
        "2023-07-02T03:59:59.999Z",
    )
    # the day clocks go forward has 23 hours
    assert new_york_day_bounds(dt.date(2024, 3, 10), dt.date(2024, 3, 10)) == (
        "2024-03-10T05:00:00.000Z",
        "2024-03-11T03:59:59.999Z",
    )


def test_captured_real_responses_differ_from_the_spec_only_in_known_ways():
    account = "0b4a1f43-58b3-4a5e-9a56-9a7c1b6d1c11"
    for name, path in (
        ("symphony_stats_meta.json", f"{PREFIX}/portfolio/accounts/{account}/symphony-stats-meta"),
        ("total_stats.json", f"{PREFIX}/portfolio/accounts/{account}/total-stats"),
    ):
        problems = contract.response_problems("GET", path, 200, (FIXTURES / name).read_bytes())
        assert problems and all(p.known for p in problems), [str(p) for p in problems if not p.known]
    backtest = {k: v for k, v in json.loads((FIXTURES / "backtest_response.json").read_text()).items() if not k.startswith("_")}
    assert contract.response_problems("POST", f"{PREFIX}/symphonies/x/backtest", 200, json.dumps(backtest).encode()) == []


def test_doctor_says_ok_for_every_endpoint_of_the_sandbox(sandbox):
    with client_for(sandbox) as client:
        checks = Doctor(client, AS_OF).run()
    assert len(checks) == 14 and [c for c in checks if c.status != "ok"] == []


def test_doctor_names_what_differs_when_composer_answers_an_old_shape(sandbox):
    old_csv = "Date,Symphony ID,Symbol,Side,Quantity,Price,Amount\n2026-11-20,abc,SPY,BUY,1,500,-500\n"
    sandbox.faults(
        {"kind": "body", "path_contains": "/reports/", "body": old_csv, "content_type": "text/csv"},
        {"kind": "body", "path_contains": "/total-stats", "body": json.dumps({"portfolio_value": "12.5"})},
        {"kind": "status", "path_contains": "/versions", "status": 404},
    )
    with client_for(sandbox) as client:
        lines = {c.endpoint: c for c in Doctor(client, AS_OF).run()}
    trades = lines["GET /reports (trade-activity)"]
    assert (
        trades.status == "differs" and "'Order ID'" in trades.detail and "'Filled Date/Time (America/New_York)'" in trades.detail
    )
    totals = lines["GET /portfolio/accounts/{id}/total-stats"]
    assert totals.status == "differs" and "portfolio_value: '12.5' is not of type 'number'" in totals.detail
    assert "'time_weighted_return' is a required property" in totals.detail
    assert lines["GET /symphonies/{symphony}/versions"].status == "failed"
    assert lines["GET /reports (non-trade-activity)"].status == "ok"


def test_doctor_command_prints_one_line_per_endpoint_and_writes_nothing(sandbox, tmp_path, monkeypatch, capsys):
    for name, value in (sandbox.env() | {"DATA_URL": str(tmp_path / "lake")}).items():
        monkeypatch.setenv(name, value)
    assert ingest_main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert out.count("\nOK ") == 14 and "14 of 14 endpoints ok" in out
    assert DEFAULT_SECRET not in out and not (tmp_path / "lake").exists()


def test_the_sandbox_serves_only_the_operations_whose_responses_are_checked_here(sandbox):
    served = set()
    for rule in sandbox.app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX):
            continue
        path = re.sub(r"<[^>]+>", "00000000-0000-4000-8000-000000000000", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            served.add((method, contract.match_path(path)[0]))
    assert served == CLIENT_OPERATIONS


@pytest.mark.parametrize("now", ["2026-11-30T10:00:00-05:00", "2026-11-27T12:59:00-05:00", "2026-11-26T11:00:00-05:00"])
def test_market_hours_and_the_answers_that_move_in_a_session_validate_against_the_spec(start_sandbox, now):
    """In a session (a full day, a half-day's last minute) and on a holiday, what the live job reads
    is what Composer's spec allows: market-hours (closed days without times), total-stats and
    symphony-stats-meta with their intraday figures."""
    import datetime as dt

    sandbox = start_sandbox(as_of=None, now=dt.datetime.fromisoformat(now))
    account = sandbox.app.config["SANDBOX_ACCOUNT"].account_uuid
    with _http(sandbox) as http:
        for path in (
            "/deploy/market-hours",
            f"/portfolio/accounts/{account}/total-stats",
            f"/portfolio/accounts/{account}/symphony-stats-meta",
        ):
            response = http.get(PREFIX + path)
            assert response.status_code == 200, path
            assert contract.response_problems("GET", PREFIX + path, 200, response.content) == [], path
        days = http.get(f"{PREFIX}/deploy/market-hours").json()["market_hours"]
    assert days[0]["nyse_market_date"] == now[:10] and len(days) == 8
    assert all(("market_open" in d) == d["is_market_open"] for d in days)


@pytest.mark.parametrize("now", ["2026-12-01T15:30:00-05:00", "2026-11-26T15:30:00-05:00", "2026-12-01T08:00:00-05:00"])
def test_the_dry_run_answers_as_the_spec_says_in_a_session_and_markets_closed_outside_one(start_sandbox, now):
    """In a session the answer validates and some symphony rebalances with trades; on Thanksgiving
    and before the open Composer's 400 `dry-run-markets-closed`."""
    import datetime as dt

    moment = dt.datetime.fromisoformat(now)
    sandbox = start_sandbox(as_of=None, now=moment)
    with _http(sandbox) as http:
        response = http.post(f"{PREFIX}/dry-run", json={"send_segment_event": False})
        empty = http.post(f"{PREFIX}/dry-run", json={"account_uuids": [], "send_segment_event": False})
    if moment.date() == dt.date(2026, 12, 1) and moment.hour >= 9:
        assert (
            response.status_code == 200 and contract.response_problems("POST", f"{PREFIX}/dry-run", 200, response.content) == []
        )
        results = [r for account in response.json() for r in account["dry_run_result"].values()]
        assert any(r["rebalanced"] and r["recommended_trades"] for r in results)
        assert all(not r["recommended_trades"] for r in results if not r["rebalanced"])
        assert empty.json() == []
    else:
        assert response.status_code == 400 and response.json()["errors"][0]["code"] == "dry-run-markets-closed"
