"""What a trader sees of a symphony's own trading, and of the trades coming today: the live job
asks Composer's dry run once, 30 minutes before the close (a markets-closed answer is stored as
an answer), and the strategy page in Chromium shows the buy and sell markers on the growth chart,
the allocation over time, the monthly turnover, the trades table and the preview with its time,
at desktop and phone widths, light and dark."""

from __future__ import annotations

import datetime as dt
import json

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from ingest.lake import Lake
from ingest.live import job
from sandbox import activity
from sql.live_files import PREVIEW
from tests.helpers.browser import dashboard_in_browser
from tests.helpers.live import VirtualClock, et
from tests.helpers.sandbox import client_for, ingest_config
from tests.helpers.sync import run as nightly
from tests.test_layout import SIZES, assert_laid_out_everywhere
from webapp import trade_sections

TUESDAY = "2026-12-01"  # a full session after the close of Mon 2026-11-30, on which some symphonies rebalance
TRACES = "const p = document.querySelector('#strategy-equity .js-plotly-plot'); return p && p.data ? p.data.map(t => t.name) : []"


def _session_from(sandbox, root, start: str, **env) -> job.Outcome:
    config = ingest_config(sandbox, str(root), **({"LIVE_INTERVAL_SECONDS": "900", "ALERTS": "off"} | env))
    with client_for(sandbox) as client:
        return job.run(config, client, Lake(str(root)), VirtualClock(sandbox.url, et(TUESDAY, start)))


def _dry_runs(sandbox) -> list[dict]:
    return [r for r in sandbox.requests if r["path"].endswith("/dry-run")]


def test_the_preview_is_asked_once_at_1530_et_and_stored_with_its_trades(start_sandbox, tmp_path):
    sandbox = start_sandbox(as_of=None, now=et(TUESDAY, "08:00"))
    nightly(sandbox, str(tmp_path))
    outcome = _session_from(sandbox, tmp_path, "15:00")  # readings 15:00, 15:15, 15:30, 15:45
    assert outcome.readings == 4 and len(_dry_runs(sandbox)) == 1
    assert (
        _dry_runs(sandbox)[0]["body"]["send_segment_event"] is False and len(_dry_runs(sandbox)[0]["body"]["account_uuids"]) == 2
    )
    stored = json.loads((tmp_path / PREVIEW).read_text())
    assert stored["market_date"] == TUESDAY and dt.datetime.fromisoformat(stored["taken_at"]) == et(TUESDAY, "15:30")
    trading = [s for s in stored["symphonies"] if s["trades"]]
    account = sandbox.app.config["SANDBOX_ACCOUNT"]
    assert trading and all(s["rebalanced"] for s in trading)
    assert len(stored["symphonies"]) == sum(not s.liquidated for s in account.symphonies)  # every symphony still trading
    assert any("symphonies would trade" in line for line in outcome.lines)
    for trade in (t for s in trading for t in s["trades"]):
        assert abs(trade["notional"]) > 0 and (trade["notional"] > 0) == (trade["quantity"] > 0)


def test_a_markets_closed_answer_is_stored_as_the_days_answer_not_a_failure(start_sandbox, tmp_path):
    sandbox = start_sandbox(as_of=None, now=et(TUESDAY, "08:00"))
    sandbox.faults(
        {
            "kind": "status",
            "status": 400,
            "code": "dry-run-markets-closed",
            "title": "Markets are closed",
            "path_contains": "/dry-run",
        }
    )
    outcome = _session_from(sandbox, tmp_path, "15:30", LIVE_INTERVAL_SECONDS="3600")
    stored = json.loads((tmp_path / PREVIEW).read_text())
    assert outcome.exit_code == 0 and stored["status"] == "markets_closed" and stored["symphonies"] == []
    assert any("answered that the markets are closed" in line for line in outcome.lines)
    shown = trade_sections.preview_content(stored, "x" * 20, et(TUESDAY, "15:40"))
    assert "No trades: Composer answered that the markets were closed (preview at 15:30 ET on 2026-12-01)." in str(shown)


def test_the_preview_says_when_it_was_taken_and_when_there_is_none_today():
    document = {
        "market_date": TUESDAY,
        "taken_at": et(TUESDAY, "15:30").isoformat(),
        "status": "ok",
        "symphonies": [{"symphony_id": "a" * 20, "trades": [{"ticker": "SPY", "notional": -500.0, "quantity": -1.0, "prev_weight": 0.5, "next_weight": 0.2}]},
                       {"symphony_id": "b" * 20, "trades": []}],
    }  # fmt: skip
    today = str(trade_sections.preview_content(document, "a" * 20, et(TUESDAY, "15:40")))
    assert "preview at 15:30 ET on 2026-12-01" in today and "SPY" in today and "sell" in today and "$500" in today
    assert "No trades: a rebalance now would not trade (preview at 15:30 ET on 2026-12-01)." in str(
        trade_sections.preview_content(document, "b" * 20, et(TUESDAY, "15:40"))
    )
    tomorrow = str(trade_sections.preview_content(document, "a" * 20, et("2026-12-02", "10:00")))
    assert (
        "No preview for today" in tomorrow and "The last one was at 15:30 ET on 2026-12-01." in tomorrow and "SPY" not in tomorrow
    )
    assert "No preview for today" in str(trade_sections.preview_content(None, "a" * 20, et(TUESDAY, "10:00")))


def test_the_strategy_page_shows_its_trades_allocation_turnover_and_preview(start_sandbox, tmp_path):
    sandbox = start_sandbox(as_of=None, now=et(TUESDAY, "08:00"))
    nightly(sandbox, str(tmp_path))
    _session_from(sandbox, tmp_path, "15:30", LIVE_INTERVAL_SECONDS="3600")
    stored = json.loads((tmp_path / PREVIEW).read_text())
    symphony = next(s for s in stored["symphonies"] if s["trades"])
    env = {"DATA_URL": str(tmp_path), "TEST_DASHBOARD_NOW": et(TUESDAY, "15:40").isoformat()}
    with dashboard_in_browser(env, "trades_page_gunicorn.log", app="tests.helpers.clocked_dashboard:server") as (driver, url):
        driver.set_window_size(*SIZES["desktop"])
        driver.get(f"{url}/strategy/{symphony['symphony_id']}?range=1Y")
        wait = WebDriverWait(driver, 30)
        wait.until(lambda d: "Bought (its holdings)" in (d.execute_script(TRACES) or []))
        names = driver.execute_script(TRACES)
        assert "Sold (its holdings)" in names and "Backtest's rebalance schedule" in names
        markers = driver.execute_script("return document.querySelectorAll('#strategy-equity .scatterlayer .point').length")
        assert markers > 20
        allocation = driver.execute_script("return document.querySelector('#strategy-allocation .js-plotly-plot').data.length")
        assert allocation >= 2  # a stacked area per ticker held in the year
        assert driver.execute_script("return document.querySelector('#strategy-turnover .js-plotly-plot').data[0].x.length") >= 12
        rows = driver.find_elements(By.CSS_SELECTOR, f"#{trade_sections.ids.STRATEGY_TRADES} tbody tr")
        assert (
            len(rows) > 10
            and "Composer's per-symphony holdings history" in driver.find_element(By.ID, "strategy-trades-note").text
        )
        wait.until(lambda d: "preview at 15:30 ET on 2026-12-01" in d.find_element(By.ID, "strategy-preview").text)
        preview = driver.find_element(By.ID, "strategy-preview").text
        assert all(t["ticker"] in preview for t in symphony["trades"])
        assert_laid_out_everywhere(driver, "strategy-trades", "strategy trades")
        # the portfolio lists the fills no symphony's holdings explain: the sandbox's direct trades
        driver.get(f"{url}/portfolio?range=1Y")
        table = WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "portfolio-unexplained-fills"))
        account = sandbox.app.config["SANDBOX_ACCOUNT"]
        direct = {o["symbol"] for n in (0, 1) for o in activity.direct_orders(account, n) if o["status"] == "FILLED"}
        listed = {row.find_elements(By.TAG_NAME, "td")[1].text for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")}
        assert listed and listed <= direct
