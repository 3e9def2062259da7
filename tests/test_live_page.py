"""The overview in a session, in Chromium: today's live move per account (cards, an intraday
chart) and per symphony (a leaderboard column named with the reading's time), updated by the
page's poll without a reload when the live job takes a reading, and marked stale when the newest
reading is older than two of the job's intervals."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from ingest.lake import Lake
from ingest.live import job
from tests.helpers.browser import dashboard_in_browser
from tests.helpers.live import VirtualClock, et
from tests.helpers.sandbox import client_for, ingest_config
from tests.helpers.sync import run as nightly
from tests.test_layout import SIZES, assert_laid_out_everywhere
from tests.test_live_session import MONDAY

HEADER = "return [...document.querySelectorAll('#overview-grid .ag-header-cell-text')].map(e => e.textContent)"
CHART_POINTS = "return document.querySelectorAll('#live-chart .scatterlayer .trace:first-child .point').length"
HEADLINE = "const h = document.getElementById('live-headline'); return h ? h.textContent : ''"
LIVE_CELLS = "return [...document.querySelectorAll('#overview-grid [col-id=live_today_change]')].slice(1).map(e => e.textContent)"


def _read(sandbox, root, at):
    config = ingest_config(sandbox, str(root), LIVE_INTERVAL_SECONDS="900", ALERTS="off")
    with client_for(sandbox) as client:
        assert job.run(config, client, Lake(str(root)), VirtualClock(sandbox.url, at), once=True).readings == 1


def test_the_overview_shows_todays_live_move_and_updates_it_without_a_reload(start_sandbox, tmp_path):
    sandbox = start_sandbox(as_of=None, now=et(MONDAY, "08:00"))
    nightly(sandbox, str(tmp_path))
    _read(sandbox, tmp_path, et(MONDAY, "10:00"))
    env = {"DATA_URL": str(tmp_path), "TEST_DASHBOARD_NOW": et(MONDAY, "10:30").isoformat(), "LIVE_POLL_SECONDS": "1"}
    with dashboard_in_browser(env, "live_page_gunicorn.log", app="tests.helpers.clocked_dashboard:server") as (driver, url):
        driver.set_window_size(*SIZES["desktop"])
        driver.get(url)
        wait = WebDriverWait(driver, 30)
        # 10:00 is more than two 15-minute intervals before the page's 10:30+: the figures say stale
        # (the poll redraws the panel every second: read it in one script, never through a held element)
        wait.until(lambda d: "stale: no reading for 30 min" in d.execute_script(HEADLINE))
        assert driver.execute_script(HEADLINE).startswith("Today (live, 10:00 ET")
        wait.until(lambda d: "Today (live, 10:00 ET · stale: no reading for 30 min)" in d.execute_script(HEADER))
        assert driver.execute_script(CHART_POINTS) == 1
        before = driver.execute_script(LIVE_CELLS)
        # every symphony trading has its move; the liquidated one (worth nothing now) has none
        assert sum(cell.endswith("%") for cell in before) == len(before) - 1 and "—" in before
        marker = driver.execute_script("window.notReloaded = true; return window.notReloaded")
        _read(sandbox, tmp_path, et(MONDAY, "10:20"))
        wait.until(lambda d: d.execute_script(HEADLINE) == "Today (live, 10:20 ET)")
        wait.until(lambda d: "Today (live, 10:20 ET)" in d.execute_script(HEADER))
        wait.until(lambda d: d.execute_script(CHART_POINTS) == 2)
        assert driver.execute_script(LIVE_CELLS) != before
        assert marker and driver.execute_script("return window.notReloaded") is True  # the same page, polled
        cards = driver.find_element(By.ID, "live-panel").text
        assert "Value now" in cards and "Change today" in cards and "at 10:20 ET" in cards
        assert_laid_out_everywhere(driver, "overview-live", "live overview")
