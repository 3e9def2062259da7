"""The portfolio page: what-if weights reproduce the views, the newest fills and the full CSV download."""

from __future__ import annotations

import csv
import json
import pathlib
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers.browser import ARTIFACTS, screenshot
from tests.helpers.polling import wait_for


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
    assert cards[cards.index("Sharpe (annualized)") + 1] == f"{expected:.2f}"
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


def test_portfolio_shows_the_newest_fills_and_downloads_every_row_of_the_view_as_csv(local_lake, browser_on_lake):
    from tests.helpers.metric_lake import query
    from webapp import account_sections
    from webapp.store import readers

    driver, url = browser_on_lake
    download_dir = ARTIFACTS / "downloads" / "portfolio_page"  # a folder per module: modules may run at once
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
    wait_for(path.exists, 20, lambda: f"{path.name} was not downloaded within 20 s")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(view) and list(rows[0]) == list(view[0])
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"]) for r in rows)
    assert sum(r["kind"] == "TRADE" for r in rows) == sum(v["kind"] == "TRADE" for v in view)
    assert {r["order_id"] for r in rows if r["kind"] == "TRADE"} == {v["order_id"] for v in view if v["kind"] == "TRADE"}
