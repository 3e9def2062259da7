"""A liquidated symphony keeps what an earlier sync saw: its holdings at liquidation (Composer
reports none once it is sold) and its whole history when Composer stops listing it."""

from __future__ import annotations

import json

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from ingest.lake import Lake
from sandbox import payloads
from tests.helpers.browser import dashboard_in_browser, screenshot
from tests.helpers.sync import metrics_of, run, tables_of
from webapp.formatting import show


def stats_meta(sandbox, account: int = 0) -> tuple[str, dict]:
    """The account's symphony-stats-meta as the sandbox serves it, and its path."""
    synthetic = sandbox.app.config["SANDBOX_ACCOUNT"]
    return f"/portfolio/accounts/{synthetic.account_uuids[account]}/symphony-stats-meta", payloads.stats_meta_payload(
        synthetic, account
    )


def liquidated_entry(payload: dict) -> dict:
    (entry,) = [s for s in payload["symphonies"] if s["value"] == 0]
    return entry


def holdings_rows(lake: str, manifest: dict, symphony_id: str) -> list[dict]:
    rows = tables_of(Lake(lake), manifest)["holdings"].to_pylist()
    return [r for r in rows if r["symphony_id"] == symphony_id]


def test_a_liquidated_symphony_keeps_the_holdings_an_earlier_sync_saw(sandbox, tmp_path):
    path, payload = stats_meta(sandbox)
    entry = liquidated_entry(payload)
    held = [
        {"ticker": "SPY", "allocation": 0.6, "price": 500.0, "amount": 6.0, "value": 3000.0, "last_percent_change": 0.01},
        {"ticker": "TLT", "allocation": 0.4, "price": 100.0, "amount": 20.0, "value": 2000.0, "last_percent_change": 0.0},
    ]
    entry.update(holdings=held, value=5000.0)  # what an earlier sync saw while it was live
    sandbox.faults({"kind": "body", "body": json.dumps(payload), "path_contains": path})
    run(sandbox, str(tmp_path))

    second = run(sandbox, str(tmp_path))  # Composer now reports it worth $0 with no holdings

    kept = holdings_rows(str(tmp_path), second.manifest, entry["id"])
    assert sorted((r["ticker"], r["quantity"], r["value"]) for r in kept) == [("SPY", 6.0, 3000.0), ("TLT", 20.0, 2000.0)]
    assert {str(r["as_of"]) for r in kept} == {entry["as_of"]}  # dated the day Composer reported them

    metrics = metrics_of(str(tmp_path))[entry["id"]]
    with dashboard_in_browser({"DATA_URL": str(tmp_path)}, "test_liquidation_gunicorn.log") as (driver, url):
        driver.get(f"{url}/strategy/{entry['id']}")
        status = WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "strategy-status"))).text
        assert f"liquidated on {metrics['liquidated_on']:%Y-%m-%d} at {show(metrics['value'], '${:,.0f}')}" in status
        assert metrics["value"] > 0
        WebDriverWait(driver, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#strategy-holdings tbody tr")) == 2)
        headings = [h.text for h in driver.find_elements(By.TAG_NAME, "h5")]
        assert "Holdings at liquidation" in headings and "Current holdings" not in headings
        assert f"last reported them, on {entry['as_of']}" in driver.find_element(By.ID, "strategy-holdings-note").text
        screenshot(driver, "strategy-liquidated")
        # beside today's figures, a symphony sold months ago shows no move and no drawdown of today
        driver.get(url)
        WebDriverWait(driver, 30).until(
            EC.presence_of_element_located((By.CSS_SELECTOR, f"#overview-grid .ag-row[row-id='{entry['id']}']"))
        )
        shown = driver.execute_script(
            "return Object.fromEntries(['last_day_return', 'last_day_pnl', 'current_drawdown', 'status'].map(c => "
            f"[c, document.querySelector(\"#overview-grid .ag-row[row-id='{entry['id']}'] [col-id='\" + c + \"']\").innerText]))"
        )
        assert shown == {
            "last_day_return": "—",
            "last_day_pnl": "—",
            "current_drawdown": "—",
            "status": f"liquidated {metrics['liquidated_on']:%Y-%m-%d}",
        }


def test_a_live_symphony_with_no_holdings_gets_none_from_an_earlier_sync(sandbox, tmp_path):
    first = run(sandbox, str(tmp_path))
    path, payload = stats_meta(sandbox)
    live = next(s for s in payload["symphonies"] if s["value"] > 0)
    live["holdings"] = []  # all in cash today, still worth something
    sandbox.faults({"kind": "body", "body": json.dumps(payload), "path_contains": path})
    second = run(sandbox, str(tmp_path))
    assert holdings_rows(str(tmp_path), first.manifest, live["id"])
    assert holdings_rows(str(tmp_path), second.manifest, live["id"]) == []


def test_a_symphony_composer_stops_listing_keeps_its_history_and_reads_as_liquidated(sandbox, tmp_path):
    first = run(sandbox, str(tmp_path))
    before = metrics_of(str(tmp_path))
    path, payload = stats_meta(sandbox)
    gone = liquidated_entry(payload)
    payload["symphonies"] = [s for s in payload["symphonies"] if s["id"] != gone["id"]]
    sandbox.faults({"kind": "body", "body": json.dumps(payload), "path_contains": path})

    second = run(sandbox, str(tmp_path))

    assert second.exit_code == 0 and not second.manifest["quarantined"]
    assert any(gone["id"] in note and "no longer listed" in note for note in second.manifest["notes"])
    after = metrics_of(str(tmp_path))
    assert set(after) == set(before)
    kept = after[gone["id"]]
    assert kept["status"] == "liquidated" and kept["days"] == before[gone["id"]]["days"]
    assert kept["value"] == before[gone["id"]]["value"] > 0  # its last value, not $0
    lake = Lake(str(tmp_path))
    first_tables, second_tables = tables_of(lake, first.manifest), tables_of(lake, second.manifest)
    for name in ("daily_values", "backtest_values", "backtest_stats"):
        kept_rows, earlier_rows = (
            [r for r in tables[name].to_pylist() if r["symphony_id"] == gone["id"]] for tables in (second_tables, first_tables)
        )
        assert kept_rows == earlier_rows and kept_rows, name


def test_an_account_not_synced_this_run_does_not_carry_its_symphonies_over(sandbox, tmp_path):
    run(sandbox, str(tmp_path))
    first_account = sandbox.app.config["SANDBOX_ACCOUNT"].account_uuids[0]
    second = run(sandbox, str(tmp_path), COMPOSER_ACCOUNT_IDS=first_account)
    accounts = {r["account_id"] for r in tables_of(Lake(str(tmp_path)), second.manifest)["symphonies"].to_pylist()}
    assert accounts == {first_account}
