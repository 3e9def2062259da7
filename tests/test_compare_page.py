"""The compare page: its selection lives in the URL and every symphony is measured over the same days."""

from __future__ import annotations

import datetime as dt
import pathlib

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers.browser import screenshot


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
    assert rows["Sharpe (ann.)"] == [f"{expected[s]['sharpe']:,.2f}" for s in picked]
    assert rows["Days"] == [f"{expected[s]['days']:,.0f}" for s in picked] and len(set(rows["Days"])) == 1
