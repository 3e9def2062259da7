"""The report period in the browser: presets and dates in the URL drive every page, the numbers
shown are the views' numbers over that period, back/forward replay it, bad values get a friendly
message; the leaderboard draws trend lines and downloads as CSV; a new snapshot shows up on an
open page; and every page is captured in light and dark mode."""

from __future__ import annotations

import csv
import datetime as dt
import re

import numpy as np
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers.browser import ARTIFACTS, dashboard_in_browser
from tests.helpers.grid import GRID_ROWS, assert_grid_matches_view, wait_for_grid
from tests.helpers.metric_lake import business_days, query, symphony_colours_of, values_from_returns, write_lake
from tests.helpers.polling import wait_for
from webapp import date_range


def view_rows(lake: str, bounds) -> dict[str, tuple]:
    rows = query(lake, "select symphony_id, days, sharpe from symphony_metrics where days > 0", period=bounds)
    return {r["symphony_id"]: (r["days"], r["sharpe"]) for r in rows}


def test_presets_measure_the_period_and_back_and_forward_replay_it(local_lake, browser_on_lake):
    driver, url = browser_on_lake
    last_day = query(local_lake, "select max(date) as d from daily_values")[0]["d"].date()
    driver.get(url + "/")
    assert_grid_matches_view(wait_for_grid(driver), view_rows(local_lake, (None, None)))

    driver.find_element(By.CSS_SELECTOR, "label[for='_dbcprivate_radioitems_range-preset_input_1Y']").click()
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/?range=1Y"))
    one_year = date_range.Period("1Y").bounds(last_day)
    WebDriverWait(driver, 30).until(
        lambda d: f"{one_year[0]:%Y-%m-%d} – {last_day:%Y-%m-%d}" in d.find_element(By.ID, "range-label").text
    )
    expected = view_rows(local_lake, one_year)
    WebDriverWait(driver, 30).until(
        lambda d: {r[0]: r[1] for r in d.execute_script(GRID_ROWS)} == {k: v[0] for k, v in expected.items()}
    )
    assert_grid_matches_view(driver.execute_script(GRID_ROWS), expected)
    trading_days = query(local_lake, f"select count(distinct date) as n from daily_values where date >= '{one_year[0]}'")[0]["n"]
    assert max(days for days, _ in expected.values()) == trading_days  # a year of returns; the base day is not counted

    driver.find_element(By.ID, "nav-compare").click()
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/compare?range=1Y"))
    active = driver.find_element(By.CSS_SELECTOR, "#range-preset .btn.active").text
    assert active == "1Y"

    driver.back()
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/?range=1Y"))
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#overview-grid .ag-row"))
    assert driver.find_element(By.CSS_SELECTOR, "#range-preset .btn.active").text == "1Y"
    driver.back()
    WebDriverWait(driver, 30).until(lambda d: d.current_url == url + "/")
    WebDriverWait(driver, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, "#range-preset .btn.active").text == "All")
    WebDriverWait(driver, 30).until(lambda d: len(d.execute_script(GRID_ROWS)) == len(view_rows(local_lake, (None, None))))
    driver.forward()
    WebDriverWait(driver, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, "#range-preset .btn.active").text == "1Y")


def test_dates_in_the_url_set_the_strategy_page_and_its_links_keep_them(sandbox, local_lake, browser_on_lake):
    driver, url = browser_on_lake
    symphony = max(sandbox.app.config["SANDBOX_ACCOUNT"].symphonies, key=lambda s: s.live_end_index - s.live_start_index)
    start, end = dt.date(2025, 3, 1), dt.date(2025, 9, 30)
    driver.get(f"{url}/strategy/{symphony.id}?start={start}&end={end}")
    WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#strategy-equity .scatterlayer .trace")))
    view = query(local_lake, f"select * from symphony_metrics where symphony_id = '{symphony.id}'", period=(start, end))[0]
    header = driver.find_element(By.CSS_SELECTOR, "h4 + div").text
    assert header.startswith(f"{view['start_date']:%Y-%m-%d} – {view['end_date']:%Y-%m-%d} · {view['days']} trading days")
    assert (
        view["end_date"].date() <= end and view["base_date"].date() < start <= view["start_date"].date()
    )  # the header shows the period
    assert f"{view['sharpe']:.2f}" in driver.find_element(By.ID, "_pages_content").text
    assert not driver.find_elements(By.CSS_SELECTOR, "#range-preset .btn.active")  # a custom period: no preset lit
    hrefs = [driver.find_element(By.ID, f"nav-{page}").get_attribute("href") for page in ("overview", "compare", "portfolio")]
    assert all(href.endswith(f"?start={start}&end={end}") for href in hrefs)
    x_range = driver.execute_script("return document.querySelector('#strategy-equity .js-plotly-plot')._fullLayout.xaxis.range")
    shown = [dt.date.fromisoformat(x[:10]) for x in x_range]  # plotly pads a few days around markers
    assert abs((shown[0] - view["base_date"].date()).days) <= 14 and abs((shown[1] - view["end_date"].date()).days) <= 14


@pytest.mark.parametrize(
    ("query_string", "message"),
    [
        ("?range=5Y", "not one of 1M, 3M, YTD, 1Y, ALL"),
        ("?start=2026-13-01", "not YYYY-MM-DD"),
        ("?start=2026-06-01&end=2026-01-01", "start date is after its end date"),
        ("?range=1Y&start=2026-01-01", "both a preset range and dates"),
    ],
)
def test_bad_period_parameters_show_a_friendly_message_and_the_whole_history(local_lake, browser_on_lake, query_string, message):
    driver, url = browser_on_lake
    driver.get(f"{url}/portfolio{query_string}")
    alert = WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#range-alert .alert")))
    assert message in alert.text and "whole history" in alert.text
    assert driver.find_element(By.CSS_SELECTOR, "#range-preset .btn.active").text == "All"
    assert "Traceback" not in driver.page_source


def test_leaderboard_draws_a_trend_line_per_symphony_and_downloads_as_csv(local_lake, browser_on_lake):
    driver, url = browser_on_lake
    download_dir = ARTIFACTS / "downloads" / "report_period_pages"  # a folder per module: modules may run at once
    download_dir.mkdir(parents=True, exist_ok=True)
    for old in download_dir.glob("*.csv"):
        old.unlink()
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    driver.get(url + "/?range=3M")
    grid = wait_for_grid(driver)
    WebDriverWait(driver, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#overview-grid svg.sparkline")) >= 8)
    lines = driver.execute_script(
        "return [...document.querySelectorAll('#overview-grid .ag-row')].filter(r => r.querySelector('svg.sparkline'))"
        ".map(r => [r.getAttribute('row-id'), r.querySelector('polyline').getAttribute('stroke'),"
        " r.querySelector('circle').getAttribute('fill')])"
    )
    assert len(lines) >= 8
    colours = symphony_colours_of(local_lake)
    assert all(stroke == colours[sid] for sid, stroke, _ in lines)  # the symphony's colour on every chart
    assert {end for *_, end in lines} <= {"#2e9e5b", "#d9534f"}  # the end dot: up or down over the period

    driver.find_element(By.ID, "overview-csv").click()
    last_day = query(local_lake, "select max(date) as d from daily_values")[0]["d"].date()
    start, end = date_range.Period("3M").bounds(last_day)
    path = download_dir / f"symphony_metrics_{start:%Y%m%d}-{end:%Y%m%d}.csv"
    wait_for(path.exists, 20, lambda: f"{path.name} was not downloaded within 20 s")
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")  # the dialect of every download: UTF-8 without a BOM
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(grid)
    assert not any("%" in v or "$" in v for r in rows for k, v in r.items() if k != "name")  # numbers, not formatted text
    view = {r["symphony_id"]: r for r in query(local_lake, "select * from symphony_metrics where days > 0", period=(start, end))}
    assert list(rows[0]) == list(next(iter(view.values())))  # the view's column names, in its order
    for row in rows:
        assert int(row["days"]) == view[row["symphony_id"]]["days"]
        assert float(row["sharpe"]) == pytest.approx(view[row["symphony_id"]]["sharpe"], rel=1e-9)
        assert row["start_date"] == f"{view[row['symphony_id']]['start_date']:%Y-%m-%d}"  # ISO days
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["inception_date"])


def test_an_open_page_shows_a_newly_published_snapshot_without_a_reload(tmp_path):
    dates = business_days(300)
    rng = np.random.default_rng(5)
    first = {
        f"s{i}": {"dates": dates, "adjusted": values_from_returns(rng.normal(0.001, 0.01, 299)), "name": f"Alpha {i}"}
        for i in range(3)
    }
    write_lake(tmp_path, first, run_id="20260101T000000Z-first")
    env = {"DATA_URL": str(tmp_path), "SNAPSHOT_CHECK_SECONDS": "1"}
    with dashboard_in_browser(env, "new_snapshot_gunicorn.log") as (driver, url):
        driver.get(url + "/?range=3M")
        assert len(wait_for_grid(driver)) == 3
        driver.execute_script("window.notReloaded = true")
        second = first | {
            "s9": {"dates": dates, "adjusted": values_from_returns(rng.normal(0.001, 0.01, 299)), "name": "Brand New"}
        }
        write_lake(tmp_path, second, run_id="20260102T000000Z-second")
        WebDriverWait(driver, 30).until(lambda d: "20260102T000000Z-second" in d.find_element(By.ID, "snapshot-badge").text)
        WebDriverWait(driver, 30).until(lambda d: len(d.execute_script(GRID_ROWS)) == 4)
        assert driver.execute_script("return window.notReloaded") is True
        assert driver.current_url.endswith("/?range=3M")


def test_an_open_page_shows_an_edited_view_file_without_a_reload_and_the_log_says_so(tmp_path):
    import shutil

    from sql import duck

    dates = business_days(300)
    rng = np.random.default_rng(6)
    symphonies = {f"s{i}": {"dates": dates, "adjusted": values_from_returns(rng.normal(0.001, 0.01, 299))} for i in range(3)}
    write_lake(tmp_path / "lake", symphonies, run_id="20260101T000000Z-first")
    sql_dir = tmp_path / "sql"
    shutil.copytree(duck.SQL_DIR, sql_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    env = {"DATA_URL": str(tmp_path / "lake"), "SQL_DIR": str(sql_dir), "SNAPSHOT_CHECK_SECONDS": "1"}
    with dashboard_in_browser(env, "edited_view_gunicorn.log") as (driver, url):
        driver.get(url + "/?range=3M")
        wait_for_grid(driver)
        driver.execute_script("window.notReloaded = true")
        view = sql_dir / "metrics/symphony_metrics.sql"
        view.write_text(
            view.read_text().replace("as short_history", "as short_history,\n    m.pnl / nullif(m.days, 0) as pnl_per_day")
        )
        header = "#overview-grid .ag-header-cell[col-id='pnl_per_day']"
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, header))
        assert driver.execute_script("return window.notReloaded") is True
    log = (ARTIFACTS / "edited_view_gunicorn.log").read_text()
    assert "INFO" in log and "serving snapshot 20260101T000000Z-first with the edited view files" in log


def pnl_title(driver) -> str:
    """The chart's title as shown (plotly draws the escaped name as the name itself)."""
    return driver.execute_script("const t = document.querySelector('#overview-pnl .gtitle'); return t ? t.textContent : ''")


def test_a_picked_symphony_and_a_compare_selection_follow_back_and_forward(sandbox, browser_on_lake):
    driver, url = browser_on_lake
    names = {s.id: s.name for s in sandbox.app.config["SANDBOX_ACCOUNT"].symphonies}
    driver.get(url + "/?range=1Y")
    grid = wait_for_grid(driver)
    top, other = grid[0][0], grid[3][0]
    WebDriverWait(driver, 30).until(lambda d: pnl_title(d).startswith(names[top]))
    assert driver.current_url.endswith("/?range=1Y")  # the automatic first pick adds no history entry
    driver.find_element(By.CSS_SELECTOR, f"#overview-grid .ag-row[row-id='{other}'] [col-id='days']").click()
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith(f"/?range=1Y&symphony={other}"))
    WebDriverWait(driver, 30).until(lambda d: pnl_title(d).startswith(names[other]))
    driver.back()
    WebDriverWait(driver, 30).until(lambda d: pnl_title(d).startswith(names[top]))
    driver.forward()
    WebDriverWait(driver, 30).until(lambda d: pnl_title(d).startswith(names[other]))

    picked = list(names)[:3]
    driver.get(f"{url}/compare?symphonies={','.join(picked)}")
    WebDriverWait(driver, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#compare-metrics thead th")) == 4)
    driver.execute_script("window.dash_clientside.set_props('compare-picked', {value: arguments[0]})", picked[:2])
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("?symphonies=" + ",".join(picked[:2])))
    WebDriverWait(driver, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#compare-metrics thead th")) == 3)
    driver.back()
    WebDriverWait(driver, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#compare-metrics thead th")) == 4)
    assert driver.current_url.endswith("?symphonies=" + ",".join(picked))


@pytest.mark.parametrize(
    "period", ["start=2030-01-05&end=2030-01-31", "start=2025-03-08&end=2025-03-09"]
)  # the future, a weekend
def test_a_period_with_no_trading_day_says_so_on_every_page(shared_dashboard, browser_on_lake, period):
    driver, url = browser_on_lake
    log_path = shared_dashboard[2]
    logged_before = log_path.stat().st_size  # the server is shared: only this test's lines count
    for page in ("/", "/portfolio", "/compare"):
        driver.get(f"{url}{page}?{period}")
        alert = WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#range-alert .alert")))
        assert "No trading day in this period" in alert.text and "Pick another range" in alert.text
    driver.get(f"{url}/?{period}")
    WebDriverWait(driver, 30).until(lambda d: "No trading day in this period" in d.find_element(By.ID, "overview-kpis").text)
    WebDriverWait(driver, 30).until(lambda d: "Loading" not in d.find_element(By.ID, "_pages_content").text)
    log = log_path.read_bytes()[logged_before:].decode()
    assert "unhandled error" not in log and '" 500 ' not in log
