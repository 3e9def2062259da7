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
    returns = np.concatenate([UP, DOWN])
    publish(tmp_path, returns, 1)
    summary = runner.run(config(tmp_path, alert_drawdown=0.25))
    assert summary.active == 2  # the symphony and its account, 30% down
    wealth = np.cumprod(1 + returns)
    since = str(DAYS[int(np.argmax(wealth / np.maximum.accumulate(wealth) - 1 <= -0.25)) + 1])  # the day it crossed 25%
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
        assert any(
            r[3] == "Alpha Rotation is 30.0% below its all-time peak, deposit-adjusted (alert at 25% below it)" for r in rows
        )
        assert {r[4] for r in rows} == {since}  # the day the condition began in the data, not the day alerts first ran
        assert not driver.find_element(By.ID, "range-bar").is_displayed()  # the period changes nothing here
        link = table.find_element(By.LINK_TEXT, "Alpha Rotation").get_attribute("href")
        assert link.endswith("/strategy/sym1")
        badge = wait.until(EC.presence_of_element_located((By.ID, "nav-alerts-count")))
        assert badge.text == "2"
        history = driver.find_elements(By.CSS_SELECTOR, "#alerts-history tbody tr")
        assert len(history) == 2 and all("started" in r.text for r in history)
        assert all(r.find_elements(By.TAG_NAME, "td")[-1].text == "no channel configured (ALERT_URLS)" for r in history)
        cards = {
            c.find_element(By.TAG_NAME, "code").text: c for c in driver.find_elements(By.CSS_SELECTOR, "#alerts-rules .card")
        }
        # the nightly rules, then the intraday ones `python -m ingest live` runs
        live = rules.rule_files(rules.RULES_DIR / "live")
        assert set(cards) == {p.name for p in rules.rule_files()} | {f"live/{p.name}" for p in live} and live
        assert "at most once a market day" in cards["live/10_live_drawdown.sql"].text
        drawdown = cards["10_drawdown.sql"]
        assert "alert_drawdown = 0.25" in drawdown.text and "all-time peak" in drawdown.text
        terms = {
            dt.text: dd.text
            for dt, dd in zip(drawdown.find_elements(By.TAG_NAME, "dt"), drawdown.find_elements(By.TAG_NAME, "dd"))
        }
        assert terms["in_alarm"] == "that drawdown is alert_drawdown or deeper" and terms["since"].startswith(
            "the first trading day"
        )
        screenshot(driver, "alerts-light")

        driver.get(f"{url}/strategy/sym1")
        wait.until(
            lambda d: "Alert started" in {e.text for e in d.find_elements(By.CSS_SELECTOR, "#strategy-equity .legendtext")}
        )
        marked = driver.execute_script(
            "return document.getElementById('strategy-equity').querySelector('.js-plotly-plot').data"
            ".filter(t => t.name === 'Alert started').flatMap(t => t.x)"
        )
        assert {str(x)[:10] for x in marked} == {since}


def test_the_alerts_page_at_a_phones_width_stacks_each_alert_as_a_card(tmp_path):
    publish(tmp_path, np.concatenate([UP, DOWN]), 1)
    runner.run(config(tmp_path))
    with dashboard_in_browser({"DATA_URL": str(tmp_path)}, "test_alerts_page_phone_gunicorn.log") as (driver, url):
        driver.set_window_size(390, 844)
        driver.get(f"{url}/alerts")
        table = WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "alerts-history")))
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
        assert table.rect["width"] <= 390 and not table.find_element(By.TAG_NAME, "thead").is_displayed()
        cell = table.find_element(By.CSS_SELECTOR, "tbody tr td:nth-child(5)")  # Since: labelled, on one line
        label = driver.execute_script("return getComputedStyle(arguments[0], '::before').content", cell)
        assert label == '"Since"' and cell.size["height"] < 30
        screenshot(driver, "alerts-phone")


def test_the_alerts_page_says_when_nothing_was_evaluated_yet(tmp_path):
    publish(tmp_path, UP, 1)
    with dashboard_in_browser({"DATA_URL": str(tmp_path)}, "test_alerts_page_empty_gunicorn.log") as (driver, url):
        driver.get(f"{url}/alerts")
        note = WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "alerts-evaluated"))).text
        assert "No alerts have been evaluated yet" in note
        assert driver.find_element(By.ID, "alerts-none").text == "No alert is active."
        assert driver.find_element(By.ID, "nav-alerts").text == "Alerts"
