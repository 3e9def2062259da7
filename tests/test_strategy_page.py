"""The strategy page in headless Chromium: every chart renders from the sandbox's data, the log
toggle restyles the equity curve, edits are marked, and a bad id gets a friendly message."""

from __future__ import annotations

import csv
import datetime as dt
import json
import pathlib
import re
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers.browser import ARTIFACTS, screenshot
from webapp.formatting import show


def edited_symphony(sandbox):
    return next(s for s in sandbox.app.config["SANDBOX_ACCOUNT"].symphonies if s.edits)


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
    assert {"Monthly returns", "Distribution of daily returns", "Underwater (worst three drawdowns shaded)"} <= titles
    assert "Composer, all-time:" in driver.page_source and "Since the last edit on" in driver.page_source
    assert driver.find_elements(By.XPATH, "//*[local-name()='text' and normalize-space()='edited']")
    held = sandbox.app.config["SANDBOX_ACCOUNT"].holdings_of(symphony.index)
    assert len(driver.find_elements(By.CSS_SELECTOR, "#strategy-holdings .ag-row")) == len(held) > 0
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
    accounts = query(pathlib.Path(local_lake), "select sharpe, psr, current_drawdown from portfolio_metrics order by account_id")
    assert len(accounts) == 2  # one row of cards per account, in account order
    assert [c[1:] for c in cards if c[0] == "Sharpe"] == [
        [f"{a['sharpe']:.2f}", f"confidence (PSR) {a['psr']:.0%}"] for a in accounts
    ]
    assert [c[1] for c in cards if c[0] == "Current drawdown"] == [f"{a['current_drawdown']:.1%}" for a in accounts]
    assert driver.find_elements(By.CSS_SELECTOR, "#overview-account .scatterlayer .trace")


def test_dark_mode_restyles_the_page_and_is_remembered(sandbox, browser_on_lake):
    driver, url = browser_on_lake
    driver.get(url)
    wait = WebDriverWait(driver, 30)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-grid .ag-row")))

    def theme(d):
        return d.execute_script("return document.documentElement.getAttribute('data-bs-theme')")

    def background(d):
        return d.execute_script("return getComputedStyle(document.body).backgroundColor")

    light = background(driver)
    driver.find_element(By.CSS_SELECTOR, "label[for='theme-dark']").click()
    wait.until(lambda d: theme(d) == "dark")
    assert background(driver) != light
    screenshot(driver, "overview-dark")
    driver.get(f"{url}/strategy/{edited_symphony(sandbox).id}")
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#strategy-equity .scatterlayer .trace")))
    wait.until(lambda d: theme(d) == "dark")
    # one script finds the tick and reads its colour: plotly may redraw its axes in between two calls
    tick_fill = "return getComputedStyle(document.querySelector('#strategy-equity .xtick text')).fill"
    assert driver.execute_script(tick_fill) != "rgb(42, 63, 95)"
    screenshot(driver, "strategy-dark")


def test_compare_page_round_trips_its_selection_through_the_url(sandbox, browser_on_lake):
    driver, url = browser_on_lake
    picked = [s.id for s in sandbox.app.config["SANDBOX_ACCOUNT"].symphonies[:3]]
    driver.get(f"{url}/compare?symphonies={','.join(picked)},not-a-symphony")
    wait = WebDriverWait(driver, 30)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#compare-metrics")))
    headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#compare-metrics thead th")][1:]
    names = {s.id: s.name for s in sandbox.app.config["SANDBOX_ACCOUNT"].symphonies}
    assert headers == [names[s] for s in picked]
    assert "left out" in driver.find_element(By.ID, "compare-alert").text
    assert len(driver.find_elements(By.CSS_SELECTOR, "#compare-equity .scatterlayer .trace")) == 3
    assert driver.find_elements(By.CSS_SELECTOR, "#compare-correlations .heatmaplayer")
    screenshot(driver, "compare-light")


def test_what_if_weights_on_one_symphony_reproduce_its_own_metrics(local_lake, browser_on_lake):
    from tests.helpers.metric_lake import query

    driver, url = browser_on_lake
    driver.get(f"{url}/portfolio")
    wait = WebDriverWait(driver, 30)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#what-if-cards")))
    inputs = driver.find_elements(By.CSS_SELECTOR, "input[id*='what-if-weight']")
    offered = {
        r["symphony_id"] for r in query(pathlib.Path(local_lake), "select symphony_id from symphony_metrics where days > 0")
    }
    assert len(inputs) == len(offered)  # every symphony with a return, not only today's largest holdings
    target = inputs[-1]  # the smallest holding (a liquidated symphony is worth $0 today)
    first_id = json.loads(target.get_attribute("id"))["index"]
    for box in inputs:
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
        box.clear()
        box.send_keys("100" if box == target else "0")
    metrics = query(pathlib.Path(local_lake), f"select * from symphony_metrics where symphony_id = '{first_id}'")[0]
    expected = metrics["sharpe"]
    before = driver.find_element(By.ID, "what-if-cards").text
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", driver.find_element(By.ID, "what-if-apply"))
    driver.find_element(By.ID, "what-if-apply").click()
    wait.until(lambda d: d.find_element(By.ID, "what-if-cards").text != before)
    cards = driver.find_element(By.ID, "what-if-cards").text.split("\n")
    assert cards[cards.index("Sharpe") + 1] == f"{expected:.2f}"
    window = driver.find_element(By.ID, "what-if-window").text
    assert f"{metrics['base_date']:%Y-%m-%d} to {metrics['end_date']:%Y-%m-%d}: {metrics['days']} trading days" in window
    legend = driver.execute_script("return [...document.querySelectorAll('#what-if-equity .legendtext')].map(t => t.textContent)")
    assert legend == ["Blend", "Actual portfolio"]
    screenshot(driver, "portfolio-light")

    box = driver.find_elements(By.CSS_SELECTOR, "input[id*='what-if-weight']")[0]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
    box.clear()
    box.send_keys("-5")
    driver.find_element(By.ID, "what-if-apply").click()
    refused = wait.until(EC.presence_of_element_located((By.ID, "what-if-refused"))).text
    name = query(
        pathlib.Path(local_lake),
        f"select name from symphonies where symphony_id = '{json.loads(box.get_attribute('id'))['index']}'",
    )
    assert f"The weight of {name[0]['name']} is" in refused and "0 or more" in refused


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


def test_portfolio_shows_the_newest_fills_and_downloads_every_row_of_the_view_as_csv(local_lake, browser_on_lake):
    from tests.helpers.metric_lake import query
    from webapp import account_sections
    from webapp.store import readers

    driver, url = browser_on_lake
    download_dir = ARTIFACTS / "downloads" / "strategy_page"  # a folder per module: modules may run at once
    download_dir.mkdir(parents=True, exist_ok=True)
    (download_dir / "activity.csv").unlink(missing_ok=True)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    driver.get(f"{url}/portfolio")
    WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#portfolio-activity .ag-row")))
    view = query(pathlib.Path(local_lake), readers.PAGE_SQL["activity"], bind={"row_limit": None})
    assert len(view) > account_sections.ROWS_SHOWN  # the demo account has more fills than the grid shows
    button = driver.find_element(By.ID, "portfolio-activity-csv")
    assert button.text == f"Download CSV ({len(view):,} rows)"
    shown = driver.execute_script("return dash_ag_grid.getApi('portfolio-activity').getDisplayedRowCount()")
    assert shown == account_sections.ROWS_SHOWN
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", button)
    path = download_dir / "activity.csv"
    deadline = time.monotonic() + 20
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(view) and list(rows[0]) == list(view[0])
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"]) for r in rows)
    assert sum(r["kind"] == "TRADE" for r in rows) == sum(v["kind"] == "TRADE" for v in view)
    assert {r["order_id"] for r in rows if r["kind"] == "TRADE"} == {v["order_id"] for v in view if v["kind"] == "TRADE"}


def test_account_values_are_as_of_the_period_end_and_say_which_day(local_lake, browser_on_lake):
    from tests.helpers.metric_lake import query

    driver, url = browser_on_lake
    lake = pathlib.Path(local_lake)
    last = query(lake, "select max(date) as d from daily_returns")[0]["d"].date()
    end = query(lake, f"select max(date) as d from daily_returns where date <= '{last}'::date - 60")[0]["d"].date()
    for search, day, day_label in (("", last, "today"), (f"?start=2025-01-02&end={end}", end, f"{end:%Y-%m-%d}")):
        driver.get(url + "/" + search)
        WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-kpis .card")))
        cards = [c.text.split("\n") for c in driver.find_elements(By.CSS_SELECTOR, "#overview-kpis .card")]
        values = query(
            lake,
            f"select account_id, arg_max(value, date) as value from account_values where date <= '{day}' group by all order by account_id",
        )
        shown = [c for c in cards if c[0] == "Account value"]
        assert [c[1] for c in shown] == [f"${v['value']:,.0f}" for v in values], search
        assert all(c[2] == (day_label if day_label == "today" else f"on {day_label}") for c in shown), search
        period = (dt.date(2025, 1, 2), end) if search else None
        metrics = query(lake, "select last_day_pnl, last_day_return from portfolio_metrics order by account_id", period=period)
        pnl = [c for c in cards if c[0] == "PnL last day"]
        assert [c[1] for c in pnl] == [show(m["last_day_pnl"], "${:,.0f}") for m in metrics], search
        assert [c[2] for c in pnl] == [f"{m['last_day_return']:+.2%} · {day_label}" for m in metrics], search


def test_compare_measures_every_symphony_over_the_same_days(sandbox, local_lake, browser_on_lake):
    from tests.helpers.metric_lake import query

    driver, url = browser_on_lake
    account = sandbox.app.config["SANDBOX_ACCOUNT"]
    by_length = sorted(account.symphonies_of(0), key=lambda s: s.live_end_index - s.live_start_index)
    picked = [by_length[-1].id, by_length[len(by_length) // 2].id]  # a long history and a shorter one
    driver.get(f"{url}/compare?symphonies={','.join(picked)}")
    note = WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "compare-window"))).text
    first = {
        r["symphony_id"]: r["d"]
        for r in query(pathlib.Path(local_lake), "select symphony_id, min(date) as d from daily_values group by all")
    }
    base = max(first[s] for s in picked).date()
    window = (base + dt.timedelta(days=1), None)
    expected = {r["symphony_id"]: r for r in query(pathlib.Path(local_lake), "select * from symphony_metrics", period=window)}
    assert {expected[s]["start_date"] for s in picked} == {expected[picked[0]]["start_date"]}  # the same first day
    assert f"from the close of {base:%Y-%m-%d}, the first day all 2 were live" in note
    rows = {r.find_element(By.TAG_NAME, "td").text: [td.text for td in r.find_elements(By.TAG_NAME, "td")[1:]]
            for r in driver.find_elements(By.CSS_SELECTOR, "#compare-metrics tbody tr")}  # fmt: skip
    assert rows["Sharpe"] == [f"{expected[s]['sharpe']:,.2f}" for s in picked]
    assert rows["Days"] == [f"{expected[s]['days']:,.0f}" for s in picked] and len(set(rows["Days"])) == 1


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
    mwr = query(lake, f"select money_weighted_return from money_weighted_returns where symphony_id = '{flows['symphony_id']}'")[0]
    driver.get(f"{url}/strategy/{flows['symphony_id']}")
    WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#strategy-equity")))
    cards = [c.text.split("\n") for c in driver.find_elements(By.CSS_SELECTOR, "#_pages_content .card")]
    values = {c[0]: c[1] for c in cards if len(c) > 1}
    assert values["Money-weighted return"] == f"{mwr['money_weighted_return']:.1%}"
    assert values["Net deposits in period"] == show(flows["net_deposits"], "${:,.0f}")
