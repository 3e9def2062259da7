"""The account in the browser: the picker in the report bar writes `?account=`, every page then
shows that account's numbers (the views' numbers with account_scope set), links keep it, and a
symphony or a link from another account says so instead of showing nothing."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.helpers.grid import GRID_ROWS, assert_grid_matches_view, wait_for_grid
from tests.helpers.metric_lake import query
from webapp.formatting import account_label


def scoped_rows(lake: str, account: str | None) -> dict[str, tuple]:
    rows = query(lake, "select symphony_id, days, sharpe from symphony_metrics where days > 0", account=account)
    return {r["symphony_id"]: (r["days"], r["sharpe"]) for r in rows}


def test_picking_an_account_shows_its_numbers_on_every_page_and_links_keep_it(sandbox, local_lake, browser_on_lake):
    driver, url = browser_on_lake
    taxable, roth = sandbox.app.config["SANDBOX_ACCOUNT"].account_uuids
    driver.get(url + "/?range=1Y")
    wait_for_grid(driver)
    picker = Select(driver.find_element(By.ID, "range-account"))
    assert [o.text for o in picker.options if o.get_attribute("value")] == [
        "All accounts",
        account_label("INDIVIDUAL", taxable),
        account_label("ROTH_IRA", roth),
    ]

    picker.select_by_value(roth)
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith(f"/?range=1Y&account={roth}"))
    expected = scoped_rows(local_lake, roth)
    assert 0 < len(expected) < len(scoped_rows(local_lake, None))
    WebDriverWait(driver, 30).until(lambda d: {r[0] for r in d.execute_script(GRID_ROWS)} == set(expected))
    kpis = driver.find_element(By.ID, "overview-kpis").text
    assert account_label("ROTH_IRA", roth) in kpis and account_label("INDIVIDUAL", taxable) not in kpis

    hrefs = [driver.find_element(By.ID, f"nav-{page}").get_attribute("href") for page in ("overview", "compare", "portfolio")]
    assert all(href.endswith(f"?range=1Y&account={roth}") for href in hrefs)
    driver.find_element(By.ID, "nav-portfolio").click()
    returns = WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "portfolio-account-returns")))
    assert account_label("ROTH_IRA", roth) in returns.text and account_label("INDIVIDUAL", taxable) not in returns.text
    accounts_in_grid = driver.execute_script(
        "const ids = new Set(); dash_ag_grid.getApi('portfolio-activity').forEachNode(n => ids.add(n.data.account_id));"
        "return [...ids];"
    )
    assert accounts_in_grid == [roth]

    Select(driver.find_element(By.ID, "range-account")).select_by_value("all")
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/portfolio?range=1Y"))
    WebDriverWait(driver, 30).until(
        lambda d: account_label("INDIVIDUAL", taxable) in d.find_element(By.ID, "portfolio-account-returns").text
    )


def test_the_overview_grid_for_one_account_is_the_scoped_view(sandbox, local_lake, browser_on_lake):
    driver, url = browser_on_lake
    taxable = sandbox.app.config["SANDBOX_ACCOUNT"].account_uuids[0]
    driver.get(f"{url}/?account={taxable}")
    assert_grid_matches_view(wait_for_grid(driver), scoped_rows(local_lake, taxable))


def test_a_symphony_of_another_account_says_where_it_trades(sandbox, browser_on_lake):
    driver, url = browser_on_lake
    account = sandbox.app.config["SANDBOX_ACCOUNT"]
    taxable, roth = account.account_uuids
    symphony = account.symphonies_of(0)[0]
    driver.get(f"{url}/strategy/{symphony.id}?account={roth}")
    notice = WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "strategy-other-account")))
    assert symphony.name in notice.text and account_label("INDIVIDUAL", taxable) in notice.text
    notice.find_element(By.TAG_NAME, "a").click()
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith(f"/strategy/{symphony.id}"))
    WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#strategy-equity .scatterlayer .trace")))


@pytest.mark.parametrize(
    ("account", "message"),
    [("not-a-uuid", "not an account id"), ("11111111-2222-4333-8444-555555555555", "not in this snapshot")],
)
def test_a_bad_account_in_the_link_shows_every_account_and_says_why(local_lake, browser_on_lake, account, message):
    driver, url = browser_on_lake
    driver.get(f"{url}/?account={account}")
    alert = WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#range-alert .alert")))
    assert message in alert.text and "every account" in alert.text
    assert Select(driver.find_element(By.ID, "range-account")).first_selected_option.text == "All accounts"
    assert {row[0] for row in wait_for_grid(driver)} == set(scoped_rows(local_lake, None))
