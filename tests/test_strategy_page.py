"""The strategy page in headless Chromium: every chart renders from the sandbox's data, the log
toggle restyles the equity curve, edits are marked, and a bad id gets a friendly message."""

from __future__ import annotations

import pathlib

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers.browser import screenshot
from tests.helpers.sandbox import edited_symphony
from webapp.formatting import show


def test_strategy_page_shows_every_chart_and_composer_figures(sandbox, browser_on_lake):
    driver, url = browser_on_lake
    symphony = edited_symphony(sandbox)
    driver.get(f"{url}/strategy/{symphony.id}")
    wait = WebDriverWait(driver, 30)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#strategy-equity .scatterlayer .trace")))
    assert driver.find_element(By.TAG_NAME, "h4").text == symphony.name
    legend = {e.text for e in driver.find_elements(By.CSS_SELECTOR, "#strategy-equity .legendtext")}
    assert {"Live", "Backtest", "SPY"} <= legend
    titles = {e.text for e in driver.find_elements(By.CSS_SELECTOR, ".gtitle")}
    assert {"Monthly returns, %", "Distribution of daily returns", "Underwater (3 worst shaded)"} <= titles
    assert "Composer, all-time:" in driver.page_source and "Since the last edit on" in driver.page_source
    assert driver.find_elements(By.XPATH, "//*[local-name()='text' and normalize-space()='edited']")
    held = sandbox.app.config["SANDBOX_ACCOUNT"].holdings_of(symphony.index)
    assert len(driver.find_elements(By.CSS_SELECTOR, "#strategy-holdings tbody tr")) == len(held) > 0
    screenshot(driver, "strategy-light")


def test_log_toggle_switches_the_equity_axis_and_lives_in_the_url(sandbox, browser_on_lake):
    driver, url = browser_on_lake
    driver.get(f"{url}/strategy/{edited_symphony(sandbox).id}")
    wait = WebDriverWait(driver, 30)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#strategy-equity .scatterlayer .trace")))

    def axis_type(d):
        return d.execute_script("return document.querySelector('#strategy-equity .js-plotly-plot')._fullLayout.yaxis.type")

    assert axis_type(driver) == "linear"
    driver.find_element(By.CSS_SELECTOR, "#strategy-log").click()
    wait.until(lambda d: axis_type(d) == "log")
    wait.until(lambda d: d.current_url.endswith("?log=1"))
    driver.back()
    wait.until(lambda d: axis_type(d) == "linear")
    driver.forward()
    wait.until(lambda d: axis_type(d) == "log")
    assert driver.find_element(By.CSS_SELECTOR, "#strategy-log").is_selected()


def test_unknown_strategy_id_gets_a_friendly_message(browser_on_lake):
    driver, url = browser_on_lake
    driver.get(f"{url}/strategy/..%2F..%2Fetc%2Fpasswd")
    WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "strategy-unknown")))
    assert "no symphony with that id" in driver.find_element(By.ID, "strategy-unknown").text
    assert "Traceback" not in driver.page_source


def test_strategy_page_lists_the_worst_drawdowns_and_yearly_returns_against_the_benchmark(sandbox, local_lake, browser_on_lake):
    import numpy as np

    from tests.helpers.metric_lake import query

    driver, url = browser_on_lake
    lake = pathlib.Path(local_lake)
    symphony = max(sandbox.app.config["SANDBOX_ACCOUNT"].symphonies, key=lambda s: s.live_end_index - s.live_start_index)
    driver.get(f"{url}/strategy/{symphony.id}")
    table = WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "strategy-drawdowns")))
    shown = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    worst = query(
        lake, f"select * from drawdown_periods where symphony_id = '{symphony.id}' and depth < 0 order by depth limit 5"
    )
    assert [row[:2] + [row[3]] for row in shown] == [
        [f"{w['start_date']:%Y-%m-%d}", f"{w['trough_date']:%Y-%m-%d}", f"{w['depth']:.1%}"] for w in worst
    ]
    daily = query(lake, f"select date, daily_return, benchmark_return from daily_returns where symphony_id = '{symphony.id}'")
    yearly = driver.find_element(By.ID, "strategy-yearly")
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in yearly.find_elements(By.CSS_SELECTOR, "tbody tr")]
    for year, symphony_return, benchmark_return, *_ in rows:
        days = [d for d in daily if d["date"].year == int(year) and d["daily_return"] is not None]
        ours = np.prod([1 + d["daily_return"] for d in days]) - 1
        theirs = np.prod([1 + d["benchmark_return"] for d in days if d["benchmark_return"] is not None]) - 1
        assert symphony_return == f"{ours:.1%}" and benchmark_return == f"{theirs:.1%}", year
    assert len(rows) >= 2


def test_strategy_page_shows_the_money_weighted_return_and_net_deposits_of_the_period(local_lake, browser_on_lake):
    from tests.helpers.metric_lake import query

    driver, url = browser_on_lake
    lake = pathlib.Path(local_lake)
    flows = query(
        lake,
        "select symphony_id, sum(net_flow) filter (where date > base) as net_deposits from "
        "(select *, min(date) over (partition by symphony_id) as base from returns_in_range) group by all "
        "order by abs(net_deposits) desc limit 1",
    )[0]
    assert abs(flows["net_deposits"]) > 1  # a symphony with deposits or withdrawals
    mwr = query(
        lake,
        "select money_weighted_return, money_weighted_period_return from money_weighted_returns "
        f"where symphony_id = '{flows['symphony_id']}'",
    )[0]
    driver.get(f"{url}/strategy/{flows['symphony_id']}")
    WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#strategy-equity")))
    cards = [c.text.split("\n") for c in driver.find_elements(By.CSS_SELECTOR, "#_pages_content .card")]
    values = {c[0]: c[1:] for c in cards if len(c) > 1}
    assert values["Money-weighted return (annualized)"][:2] == [
        f"{mwr['money_weighted_return']:.1%}",
        f"{mwr['money_weighted_period_return']:+.1%} over the period (cumulative)",
    ]
    values = {label: shown[0] for label, shown in values.items()}
    assert values["Net deposits in period"] == show(flows["net_deposits"], "${:,.0f}")
