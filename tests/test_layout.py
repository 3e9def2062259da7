"""Every page's layout: screenshots at desktop and phone sizes in light and dark mode, what keeps a page usable, and the theme switch."""

from __future__ import annotations

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers.browser import screenshot
from tests.helpers.sandbox import edited_symphony


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


def set_theme(driver, theme: str, phone: bool) -> None:
    """Flip the navbar's Dark switch as a user would (on a phone, behind the toggler)."""
    switch = driver.find_element(By.ID, "theme-dark")
    if switch.is_selected() == (theme == "dark"):
        return
    if phone:
        driver.find_element(By.ID, "navbar-toggler").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "theme-dark").is_displayed())
    driver.find_element(By.CSS_SELECTOR, "label[for='theme-dark']").click()
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return document.documentElement.getAttribute('data-bs-theme')") == theme
    )
    if phone:
        driver.find_element(By.ID, "navbar-toggler").click()
        WebDriverWait(driver, 10).until(lambda d: not d.find_element(By.ID, "theme-dark").is_displayed())


def test_every_page_at_desktop_and_phone_sizes_in_light_and_dark_mode(sandbox, browser_on_lake):
    """Screenshots of every page under test-artifacts/, and the layout facts that make a page
    usable: nothing wider than the screen, a one-line navbar (folded on a phone), the
    leaderboard's name column leaving room for the numbers."""
    driver, url = browser_on_lake
    symphonies = sandbox.app.config["SANDBOX_ACCOUNT"].symphonies
    paths = PAGES | {
        "strategy": f"/strategy/{next(s for s in symphonies if s.edits).id}?range=1Y",
        "compare": "/compare?symphonies=" + ",".join(s.id for s in symphonies[:4]),
    }
    for size, (width, height) in SIZES.items():
        driver.set_window_size(width, height)
        for theme in ("light", "dark"):
            for page, path in paths.items():
                driver.get(url + path)
                WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, READY[page])))
                set_theme(driver, theme, size == "phone")
                time.sleep(0.5)  # let plotly finish drawing before the capture
                screenshot(driver, f"page-{page}-{size}-{theme}")
                where = f"{page} at {size} in {theme}"
                overflow = driver.execute_script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert overflow <= 0, f"{where}: the page is {overflow} px wider than the screen"
                navbar = driver.find_element(By.CSS_SELECTOR, "nav.navbar").rect["height"]
                assert navbar <= 72, f"{where}: the navbar is {navbar} px high"
                toggler = driver.find_element(By.ID, "navbar-toggler").is_displayed()
                assert toggler == (size == "phone"), where
                if page == "overview":
                    name = driver.find_element(By.CSS_SELECTOR, "#overview-grid .ag-pinned-left-header").rect["width"]
                    # the pinned part: the tick box (44 px) and the name
                    assert name <= (0.45 * width if size == "phone" else 344), f"{where}: the name column is {name} px"


PAGES = {"overview": "/", "strategy": None, "compare": "/compare", "portfolio": "/portfolio", "alerts": "/alerts"}


READY = {
    "overview": "#overview-grid .ag-row",
    "strategy": "#strategy-equity .scatterlayer .trace",
    "compare": "#compare-equity .scatterlayer .trace",
    "portfolio": "#what-if-equity .scatterlayer .trace",
    "alerts": "#alerts-rules",
}


SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
