"""Every page's layout: screenshots at desktop and phone sizes in light and dark mode, what keeps a page usable, and the theme switch."""

from __future__ import annotations

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers.browser import screenshot
from tests.helpers.polling import settled
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


# What makes a page usable, as the browser lays it out: a list of problems, empty when none.
LAYOUT_PROBLEMS = r"""
const phone = arguments[0];
const problems = [];
const box = (e) => e.getBoundingClientRect();
const shown = (e) => e.offsetParent !== null && box(e).width > 0;
const where = (e) => (e.closest('[id]') || {}).id || e.tagName;
const width = document.documentElement.clientWidth;
document.querySelectorAll('.js-plotly-plot').forEach((chart) => {
  if (!shown(chart)) return;
  const id = where(chart.parentElement);
  const svg = box(chart.querySelector('.main-svg'));
  if (phone && svg.width < width - 48) problems.push(`${id}: the chart is ${Math.round(svg.width)} px wide on a ${width} px screen`);
  const title = chart.querySelector('.gtitle');
  if (title && (box(title).right > svg.right + 1 || box(title).left < svg.left - 1)) problems.push(`${id}: its title is cut off`);
  const plots = [...chart.querySelectorAll('.nsewdrag')].map(box);
  const legend = chart.querySelector('.legend');
  if (!plots.length || !legend || !shown(legend)) return;
  const ticks = [...chart.querySelectorAll('.xtick text')].map(box).filter((t) => t.width > 0);
  const lowest = Math.max(...plots.map((p) => p.bottom), ...ticks.map((t) => t.bottom));
  if (box(legend).top < lowest - 1) problems.push(`${id}: the legend overlaps the plot or its axis`);
  if (box(legend).bottom > svg.bottom + 1) problems.push(`${id}: the legend runs off the chart`);
  if (plots[0].width < 0.6 * svg.width) problems.push(`${id}: the plot is squeezed to ${Math.round(plots[0].width)} px`);
});
document.querySelectorAll('table').forEach((table) => {
  if (!shown(table)) return;
  const id = where(table);
  if (table.scrollWidth > table.parentElement.clientWidth + 1) {
    problems.push(`${id}: the table is ${table.scrollWidth} px wide in ${table.parentElement.clientWidth} px`);
  }
  table.querySelectorAll('td, th').forEach((cell) => {
    if (!shown(cell)) return;
    if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`${id}: "${cell.innerText.slice(0, 30)}" is cut off`);
    if (/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$/.test(cell.innerText.trim())) {
      const range = document.createRange();
      range.selectNodeContents(cell);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      if (lines > 1) problems.push(`${id}: the date ${cell.innerText.trim()} is broken over ${lines} lines`);
    }
  });
});
document.querySelectorAll('.card').forEach((card) => {
  if (shown(card) && card.scrollWidth > card.clientWidth + 1) problems.push(`a card is cut off: "${card.innerText.slice(0, 40)}"`);
});
if (phone) document.querySelectorAll('[data-phone-columns]').forEach((wrapper) => {
  const grid = document.getElementById(wrapper.dataset.grid);
  if (!grid || !shown(grid)) return;
  const view = box(grid.querySelector('.ag-body-viewport') || grid);
  // the key columns the grid has, the first data-phone-fit of them (as assets/grid_phone.js)
  const present = wrapper.dataset.phoneColumns.split(',').filter((key) => grid.querySelector(`.ag-header-cell[col-id="${key}"]`));
  const keys = present.slice(0, Number(wrapper.dataset.phoneFit) || present.length);
  if (!keys.length) problems.push(`${wrapper.dataset.grid}: none of its key columns is shown`);
  keys.forEach((key) => {
    const header = grid.querySelector(`.ag-header-cell[col-id="${key}"]`);
    if (box(header).right > view.right + 1 || box(header).left < view.left - 1) {
      problems.push(`${wrapper.dataset.grid}: its key column ${key} is not in view without scrolling`);
      return;
    }
    const cell = grid.querySelector(`.ag-row .ag-cell[col-id="${key}"]`);
    if (cell && cell.scrollWidth > cell.clientWidth + 1) problems.push(`${wrapper.dataset.grid}: ${key} values are cut off`);
  });
});
return problems;
"""


def assert_laid_out_everywhere(driver, name: str, what: str) -> None:
    """At desktop and phone sizes, light and dark: a screenshot (test-artifacts/page-<name>-…)
    and no layout problem."""
    for size, (width, height) in SIZES.items():
        driver.set_window_size(width, height)
        for theme in ("light", "dark"):
            set_theme(driver, theme, size == "phone")
            time.sleep(0.5)
            screenshot(driver, f"page-{name}-{size}-{theme}")
            problems = layout_problems(driver, size == "phone")
            assert problems == [], f"{what} at {size} in {theme}: {problems}"


def layout_problems(driver, phone: bool) -> list[str]:
    """LAYOUT_PROBLEMS once the page has settled: asked again for up to 10 s while any remain (a grid
    arranges its columns for a phone just after it renders, later on a loaded CI machine, and the
    overview's live callback answers after its leaderboard)."""
    return settled(lambda: driver.execute_script(LAYOUT_PROBLEMS, phone), timeout=10)


def test_every_page_at_desktop_and_phone_sizes_in_light_and_dark_mode(sandbox, browser_on_lake):
    """Screenshots of every page under test-artifacts/, and the layout facts that make a page
    usable: nothing wider than the screen, a one-line navbar (folded on a phone), the
    leaderboard's name column leaving room for the numbers, and on every page (LAYOUT_PROBLEMS)
    charts at full width on a phone with their legend under the plot and titles whole, tables
    without sideways scrolling or cut-off text, dates on one line, cards whole, and each grid's
    key columns in view on a phone."""
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
                problems = layout_problems(driver, size == "phone")
                assert problems == [], f"{where}: {problems}"


def test_the_compare_legend_never_overlaps_its_axis_however_often_the_page_loads(sandbox, browser_on_lake):
    """The overlap came and went with the order plotly measured things in: six loads, both themes."""
    driver, url = browser_on_lake
    symphonies = sandbox.app.config["SANDBOX_ACCOUNT"].symphonies
    driver.set_window_size(*SIZES["desktop"])
    for load in range(6):
        theme = ("light", "dark")[load % 2]
        driver.get(f"{url}/compare?symphonies=" + ",".join(s.id for s in symphonies[load : load + 4]))
        WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#compare-drawdowns .legend")))
        set_theme(driver, theme, phone=False)
        problems = [p for p in layout_problems(driver, phone=False) if p.startswith("compare-")]
        assert problems == [], f"load {load} ({theme}): {problems}"


PAGES = {"overview": "/", "strategy": None, "compare": "/compare", "portfolio": "/portfolio", "alerts": "/alerts"}


READY = {
    "overview": "#overview-grid .ag-row",
    "strategy": "#strategy-equity .scatterlayer .trace",
    "compare": "#compare-equity .scatterlayer .trace",
    "portfolio": "#what-if-equity .scatterlayer .trace",
    "alerts": "#alerts-rules",
}


SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
