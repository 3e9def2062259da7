"""The Alerts page in headless Chromium: the alerts the nightly job saved (active, history, each
rule with the thresholds used), their number in the navbar, and their starts on the strategy chart."""

from __future__ import annotations

import numpy as np
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from ingest.alerts import rules, runner
from tests.helpers.alert_lake import DAYS, DOWN, UP, config, publish
from tests.helpers.browser import dashboard_in_browser, screenshot


def test_the_alerts_page_lists_active_alerts_history_and_rules_and_the_navbar_counts_them(tmp_path):
    publish(tmp_path, np.concatenate([UP, DOWN]), 1)
    summary = runner.run(config(tmp_path, alert_drawdown=0.25))
    assert summary.active == 2  # the symphony and its account, 30% down
    with dashboard_in_browser({"DATA_URL": str(tmp_path)}, "test_alerts_page_gunicorn.log") as (driver, url):
        driver.get(f"{url}/alerts")
        wait = WebDriverWait(driver, 30)
        table = wait.until(EC.presence_of_element_located((By.ID, "alerts-active")))
        rows = [
            [td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")
        ]
        assert sorted((r[0], r[1], r[2]) for r in rows) == [
            ("warning", "drawdown", "Alpha Rotation"),
            ("warning", "drawdown", "individual account ··acct"),
        ]
        assert any("drawdown of -30.0%" in r[3] for r in rows)
        assert {r[4] for r in rows} == {f"{DAYS[len(UP) + len(DOWN)]}"}  # the trading day it started on
        link = table.find_element(By.LINK_TEXT, "Alpha Rotation").get_attribute("href")
        assert link.endswith("/strategy/sym1")
        badge = wait.until(EC.presence_of_element_located((By.ID, "nav-alerts-count")))
        assert badge.text == "2"
        history = driver.find_elements(By.CSS_SELECTOR, "#alerts-history tbody tr")
        assert len(history) == 2 and all("started" in r.text for r in history)
        rule_rows = {
            tr.find_element(By.TAG_NAME, "code").text: tr.text
            for tr in driver.find_elements(By.CSS_SELECTOR, "#alerts-rules tbody tr")
        }
        assert set(rule_rows) == {p.name for p in rules.rule_files()}
        assert "alert_drawdown = 0.25" in rule_rows["10_drawdown.sql"] and "deposit-adjusted peak" in rule_rows["10_drawdown.sql"]
        screenshot(driver, "alerts-light")

        driver.get(f"{url}/strategy/sym1")
        wait.until(
            lambda d: "Alert started" in {e.text for e in d.find_elements(By.CSS_SELECTOR, "#strategy-equity .legendtext")}
        )


def test_the_alerts_page_says_when_nothing_was_evaluated_yet(tmp_path):
    publish(tmp_path, UP, 1)
    with dashboard_in_browser({"DATA_URL": str(tmp_path)}, "test_alerts_page_empty_gunicorn.log") as (driver, url):
        driver.get(f"{url}/alerts")
        note = WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "alerts-evaluated"))).text
        assert "No alerts have been evaluated yet" in note
        assert driver.find_element(By.ID, "alerts-none").text == "No alert is active."
        assert driver.find_element(By.ID, "nav-alerts").text == "Alerts"
