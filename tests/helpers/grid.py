"""The overview's leaderboard grid as the browser shows it."""

from __future__ import annotations

import math

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

GRID_ROWS = """
const api = dash_ag_grid.getApi('overview-grid');
const rows = [];
api.forEachNode(node => rows.push([node.data.symphony_id, node.data.days, node.data.sharpe]));
return rows;
"""


def wait_for_grid(driver) -> list:
    WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-grid .ag-row")))
    return driver.execute_script(GRID_ROWS)


def assert_grid_matches_view(grid: list, expected: dict[str, tuple]) -> None:
    assert {row[0] for row in grid} == set(expected)
    for symphony_id, days, sharpe in grid:
        want_days, want_sharpe = expected[symphony_id]
        assert days == want_days
        assert (sharpe is None and want_sharpe is None) or math.isclose(sharpe, want_sharpe, rel_tol=1e-12)
