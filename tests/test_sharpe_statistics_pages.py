"""Skill or luck where a trader decides, in headless Chromium: the leaderboard's confidence and
deflated columns (with the N used), the strategy page's statistics block and backtest cone, and
compare's deflated ranking with the symphonies picked as the trials."""

from __future__ import annotations

import pathlib

import numpy as np
from scipy import stats
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers.browser import screenshot
from tests.helpers.metric_lake import query
from tests.helpers.references import EULER
from webapp.formatting import probability
from webapp.strategy_tables import track_record_text


def test_the_leaderboard_shows_confidence_and_deflated_sharpe_with_the_n_used(local_lake, browser_on_lake):
    driver, url = browser_on_lake
    view = {r["symphony_id"]: r for r in query(pathlib.Path(local_lake), "select * from symphony_metrics")}
    driver.get(url)
    wait = WebDriverWait(driver, 30)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-grid .ag-row")))
    headers = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "#overview-grid .ag-header-cell-text")]
    assert "Confidence (PSR)" in headers and "Deflated (DSR)" in headers
    trials = next(iter(view.values()))["trials"]
    assert f"Deflated Sharpe (DSR): N = {trials} symphonies ranked." in driver.find_element(By.ID, "overview-grid-note").text
    top = max((r for r in view.values() if r["psr"] is not None), key=lambda r: r["sharpe"])
    cell = driver.find_element(By.CSS_SELECTOR, f'#overview-grid [row-id="{top["symphony_id"]}"] [col-id="psr"]').text
    assert cell == probability(top["psr"], 2)


def test_the_strategy_page_weighs_the_sharpe_ratio_and_the_gap_to_the_backtest(local_lake, browser_on_lake):
    driver, url = browser_on_lake
    lake = pathlib.Path(local_lake)
    drift = {r["symphony_id"]: r for r in query(lake, "select * from backtest_drift where verdict is not null")}
    metrics = {r["symphony_id"]: r for r in query(lake, "select * from symphony_metrics")}
    sid = max(drift, key=lambda s: abs(drift[s]["hac_t_stat"]))  # the one drifting most
    driver.get(f"{url}/strategy/{sid}")
    wait = WebDriverWait(driver, 30)
    block = wait.until(EC.presence_of_element_located((By.ID, "strategy-skill")))
    assert probability(metrics[sid]["psr"]) in block.find_element(By.ID, "strategy-psr").text
    assert track_record_text(metrics[sid]) in block.find_element(By.ID, "strategy-track-record").text
    text = block.find_element(By.ID, "strategy-drift").text
    assert drift[sid]["verdict"] in text and f"t = {drift[sid]['hac_t_stat']:.2f}" in text
    wait.until(
        lambda d: (
            "Backtest before live, 68% range"
            in {e.text for e in d.find_elements(By.CSS_SELECTOR, "#strategy-equity .legendtext")}
        )
    )
    screenshot(driver, "strategy-skill-or-luck")


def test_compare_deflates_each_sharpe_ratio_by_the_number_of_symphonies_picked(sandbox, local_lake, browser_on_lake):
    driver, url = browser_on_lake
    account = sandbox.app.config["SANDBOX_ACCOUNT"]
    by_length = sorted(account.symphonies_of(0), key=lambda s: s.live_end_index - s.live_start_index)
    picked = [s.id for s in by_length[-3:]]
    driver.get(f"{url}/compare?symphonies={','.join(picked)}")
    row = WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "compare-row-deflated_sharpe")))
    cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
    assert cells[0] == "Deflated (DSR, N = 3 picked)"
    first = max(
        d["d"]
        for d in query(
            pathlib.Path(local_lake),
            f"select min(date) as d from daily_values where symphony_id in {tuple(picked)} group by symphony_id",
        )
    )
    window = (first.date() + np.timedelta64(1, "D").astype(object), None)
    rows = {r["symphony_id"]: r for r in query(pathlib.Path(local_lake), "select * from symphony_metrics", period=window)}
    srs = np.array([rows[s]["sharpe_per_period"] for s in picked])
    v = srs.var(ddof=1)
    bar = np.sqrt(v) * ((1 - EULER) * stats.norm.ppf(1 - 1 / 3) + EULER * stats.norm.ppf(1 - 1 / (3 * np.e)))
    for sid, shown in zip(picked, cells[1:]):
        r = rows[sid]
        sr, g3, g4 = r["sharpe_per_period"], r["skewness"], r["kurtosis"]
        expected = stats.norm.cdf((sr - bar) * np.sqrt(r["days"] - 1) / np.sqrt(1 - g3 * sr + (g4 - 1) / 4 * sr**2))
        assert shown == probability(expected, 2)
