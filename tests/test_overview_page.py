"""The overview in headless Chromium: rows ticked in the table open the compare page with them,
and each symphony's trend line has the colour it has on the compare chart (the CSV download and
the trend lines per period are in test_report_period_pages.py)."""

from __future__ import annotations

import datetime as dt
import pathlib
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from ingest.alerts import runner
from ingest.config import IngestConfig
from tests.helpers.browser import screenshot
from tests.helpers.metric_lake import symphony_colours_of
from webapp.formatting import probability, show


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def grid_ids(driver) -> list[str]:
    """The ids of the rows drawn, in the table's order (read in one go: the grid redraws rows)."""
    return driver.execute_script(
        "return [...document.querySelectorAll('#overview-grid .ag-center-cols-container .ag-row')]"
        ".sort((a, b) => a.getAttribute('row-index') - b.getAttribute('row-index')).map(r => r.getAttribute('row-id'))"
    )


def test_ticking_rows_in_the_table_opens_compare_with_them_over_the_same_period(browser_on_lake):
    driver, url = browser_on_lake
    driver.get(f"{url}/?range=1Y")
    wait = WebDriverWait(driver, 30)
    wait.until(lambda d: len(grid_ids(d)) >= 3)
    button = driver.find_element(By.ID, "overview-compare")
    assert not button.is_enabled() and "tick two or more" in button.text
    picked = grid_ids(driver)[1:3]
    for sid in picked:
        driver.find_element(By.CSS_SELECTOR, f'#overview-grid .ag-pinned-left-cols-container [row-id="{sid}"] input').click()
    compare_label = "return document.getElementById('overview-compare').textContent"  # read in one go: the button re-renders
    wait.until(lambda d: d.execute_script(compare_label) == "Compare 2 selected →")
    screenshot(driver, "overview-compare-selected")
    driver.execute_script("document.getElementById('overview-compare').click()")
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#compare-metrics")))
    query = urllib.parse.parse_qs(urllib.parse.urlparse(driver.current_url).query)
    assert query["symphonies"] == [",".join(picked)] and query["range"] == ["1Y"]
    assert len(driver.find_elements(By.CSS_SELECTOR, "#compare-equity .scatterlayer .trace")) == 2


def test_a_symphony_has_the_same_colour_on_the_overview_trend_and_the_compare_chart(sandbox, local_lake, browser_on_lake):
    driver, url = browser_on_lake
    colours = symphony_colours_of(local_lake)  # the shared dashboard serves a copy of the same account
    names = {s.id: s.name for s in sandbox.app.config["SANDBOX_ACCOUNT"].symphonies}
    driver.get(url)
    wait = WebDriverWait(driver, 30)
    wait.until(lambda d: len(grid_ids(d)) >= 2)
    picked = grid_ids(driver)[:2]
    for sid in picked:
        line = driver.find_element(By.CSS_SELECTOR, f'#overview-grid [row-id="{sid}"] svg.sparkline polyline')
        assert line.get_attribute("stroke") == colours[sid]
    driver.get(f"{url}/compare?symphonies={','.join(picked)}")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#compare-equity .scatterlayer .trace")) == 2)
    legend = driver.find_elements(By.CSS_SELECTOR, "#compare-equity .legend .traces")
    on_compare = {
        t.find_element(By.CSS_SELECTOR, ".legendtext").text: t.find_element(
            By.CSS_SELECTOR, "path.js-line"
        ).value_of_css_property("stroke")
        for t in legend
    }
    assert {on_compare[names[s]] for s in picked} == {rgb(colours[s]) for s in picked}
    assert on_compare[names[picked[0]]] == rgb(colours[picked[0]])


def test_overview_links_to_the_strategy_of_the_picked_symphony(browser_on_lake):
    driver, url = browser_on_lake
    driver.get(url)
    wait = WebDriverWait(driver, 30)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-pnl .gtitle")))
    name = driver.find_element(By.CSS_SELECTOR, "#overview-pnl .gtitle").text.split(":")[0]
    wait.until(lambda d: "/strategy/" in d.find_element(By.ID, "overview-strategy-link").get_attribute("href"))
    link = driver.find_element(By.ID, "overview-strategy-link")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#strategy-equity")))
    assert driver.find_element(By.TAG_NAME, "h4").text == name


def test_overview_shows_the_whole_account_from_the_portfolio_views(local_lake, browser_on_lake):
    from tests.helpers.metric_lake import query

    driver, url = browser_on_lake
    driver.get(url)
    WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-kpis .card")))
    cards = [c.text.split("\n")[:3] for c in driver.find_elements(By.CSS_SELECTOR, "#overview-kpis .card")]
    accounts = query(
        pathlib.Path(local_lake),
        "select account_id, sharpe, psr, current_drawdown_all_time from portfolio_metrics order by account_id",
    )
    assert len(accounts) == 2  # one row of cards per account, in account order
    assert [c[1:] for c in cards if c[0] == "Sharpe (annualized)"] == [
        [f"{a['sharpe']:.2f}", f"confidence (PSR) {probability(a['psr'], 0)}"] for a in accounts
    ]
    # the drawdown from the all-time peak, as the drawdown alert measures it
    readings = runner.evaluate(IngestConfig(data_url=local_lake), {})[0].readings
    drawdowns = [c for c in cards if c[0] == "Drawdown now"]
    assert [c[1] for c in drawdowns] == [f"{a['current_drawdown_all_time']:.1%}" for a in accounts]
    alert_values = [readings["drawdown:account:" + a["account_id"]].value for a in accounts]
    assert [c[1] for c in drawdowns] == [f"{v:.1%}" for v in alert_values]
    assert all(c[2].startswith("from the all-time peak") for c in drawdowns)
    assert driver.find_elements(By.CSS_SELECTOR, "#overview-account .scatterlayer .trace")


def test_the_open_link_in_the_leaderboard_opens_that_strategy(browser_on_lake):
    driver, url = browser_on_lake
    driver.get(url)
    wait = WebDriverWait(driver, 30)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-grid .ag-row [col-id='open'] a")))
    row = driver.find_element(By.CSS_SELECTOR, "#overview-grid .ag-center-cols-container .ag-row[row-index='2']")
    name = driver.find_element(
        By.CSS_SELECTOR, "#overview-grid .ag-pinned-left-cols-container .ag-row[row-index='2'] [col-id='name']"
    ).text
    row.find_element(By.CSS_SELECTOR, "[col-id='open'] a").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#strategy-equity")))
    assert driver.find_element(By.TAG_NAME, "h4").text == name


def test_account_values_are_as_of_the_period_end_and_say_which_day(local_lake, browser_on_lake):
    from tests.helpers.metric_lake import query

    driver, url = browser_on_lake
    lake = pathlib.Path(local_lake)
    last = query(lake, "select max(date) as d from daily_returns")[0]["d"].date()
    end = query(lake, f"select max(date) as d from daily_returns where date <= '{last}'::date - 60")[0]["d"].date()
    for search, day, day_label in (("", last, f"{last:%Y-%m-%d}"), (f"?start=2025-01-02&end={end}", end, f"{end:%Y-%m-%d}")):
        driver.get(url + "/" + search)
        WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-kpis .card")))
        cards = [c.text.split("\n") for c in driver.find_elements(By.CSS_SELECTOR, "#overview-kpis .card")]
        values = query(
            lake,
            f"select account_id, arg_max(value, date) as value from account_values where date <= '{day}' group by all order by account_id",
        )
        shown = [c for c in cards if c[0] == "Account value"]
        assert [c[1] for c in shown] == [f"${v['value']:,.0f}" for v in values], search
        assert all(c[2] == f"on {day_label}" for c in shown), search  # a date, never "today": that is the live panel's
        period = (dt.date(2025, 1, 2), end) if search else None
        metrics = query(lake, "select last_day_pnl, last_day_return from portfolio_metrics order by account_id", period=period)
        pnl = [c for c in cards if c[0] == "PnL last day"]
        assert [c[1] for c in pnl] == [show(m["last_day_pnl"], "${:,.0f}") for m in metrics], search
        assert [c[2] for c in pnl] == [f"{m['last_day_return']:+.2%} · {day_label}" for m in metrics], search


def test_every_annualized_figure_of_a_one_month_period_is_flagged_as_too_short_and_none_of_all_history(browser_on_lake):
    """A 1M Sharpe of -5.62 stood unflagged beside a flagged CAGR: every annualized figure of a
    period under 3 months carries the same mark, in the leaderboard and on the account cards."""
    from webapp.metric_columns import ANNUALIZED, SHORT_NOTE

    driver, url = browser_on_lake
    marks = (
        "return [...document.querySelectorAll('#overview-grid .ag-center-cols-container .ag-row:first-child .ag-cell')]"
        ".map(c => [c.getAttribute('col-id'), getComputedStyle(c, '::after').content])"
    )
    for search, short in (("?range=1M", True), ("", False)):
        driver.get(url + "/" + search)
        WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-kpis .card")))
        WebDriverWait(driver, 30).until(lambda d: d.execute_script(marks))
        flagged = {column for column, after in driver.execute_script(marks) if "⚠" in after}
        assert flagged == (set(ANNUALIZED) if short else set()), search
        cards = [c.text.split("\n") for c in driver.find_elements(By.CSS_SELECTOR, "#overview-kpis .card")]
        warned = {c[0] for c in cards if SHORT_NOTE in c}
        assert warned == ({"Sharpe (annualized)", "CAGR (annualized)"} if short else set()), search
