"""The overview in headless Chromium: rows ticked in the table open the compare page with them,
and each symphony's trend line has the colour it has on the compare chart (the CSV download and
the trend lines per period are in test_report_period_pages.py)."""

from __future__ import annotations

import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers.browser import screenshot
from webapp.formatting import symphony_colour


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


def test_a_symphony_has_the_same_colour_on_the_overview_trend_and_the_compare_chart(sandbox, browser_on_lake):
    driver, url = browser_on_lake
    names = {s.id: s.name for s in sandbox.app.config["SANDBOX_ACCOUNT"].symphonies}
    driver.get(url)
    wait = WebDriverWait(driver, 30)
    wait.until(lambda d: len(grid_ids(d)) >= 2)
    picked = grid_ids(driver)[:2]
    for sid in picked:
        line = driver.find_element(By.CSS_SELECTOR, f'#overview-grid [row-id="{sid}"] svg.sparkline polyline')
        assert line.get_attribute("stroke") == symphony_colour(sid)
    driver.get(f"{url}/compare?symphonies={','.join(picked)}")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#compare-equity .scatterlayer .trace")) == 2)
    legend = driver.find_elements(By.CSS_SELECTOR, "#compare-equity .legend .traces")
    on_compare = {
        t.find_element(By.CSS_SELECTOR, ".legendtext").text: t.find_element(
            By.CSS_SELECTOR, "path.js-line"
        ).value_of_css_property("stroke")
        for t in legend
    }
    assert {on_compare[names[s]] for s in picked} == {rgb(symphony_colour(s)) for s in picked}
    assert on_compare[names[picked[0]]] == rgb(symphony_colour(picked[0]))
