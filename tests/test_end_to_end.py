"""The whole data path: sandbox API over HTTP → ingest CLI → moto S3 over HTTP → DuckDB httpfs
views → the Dash app under gunicorn → headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers.browser import ARTIFACTS, ROOT, dashboard_in_browser, screenshot


def chart_title(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "#overview-pnl .gtitle").text


@pytest.fixture
def published_s3_lake(sandbox, s3_bucket, tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), **sandbox.env(), **s3_bucket}
    result = subprocess.run(
        [sys.executable, "-m", "ingest", "run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr
    return s3_bucket


def test_dashboard_shows_sandbox_symphonies_from_s3_and_charts_the_one_picked(sandbox, published_s3_lake, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    with dashboard_in_browser(published_s3_lake, "end_to_end_gunicorn.log") as (driver, url):
        assert httpx.get(f"{url}/healthz").json()["status"] == "ok"
        driver.get(url)
        wait = WebDriverWait(driver, 30)
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-grid .ag-row")))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-pnl .gtitle")))
        names = {s.name for s in sandbox.app.config["SANDBOX_ACCOUNT"].symphonies}
        shown = {cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "#overview-grid .ag-row [col-id='name']")}
        assert len(shown & names) >= 8, shown
        first = chart_title(driver)
        assert first.split(":")[0] in names

        other = next(n for n in sorted(shown & names) if not first.startswith(n))
        driver.find_element(By.XPATH, f"//div[@id='overview-grid']//div[@col-id='name' and normalize-space()='{other}']").click()
        wait.until(lambda d: chart_title(d).startswith(other))
        assert "cumulative PnL" in chart_title(driver)
        assert "snapshot" in driver.find_element(By.ID, "snapshot-badge").text
        screenshot(driver, "overview-light")


def test_dashboard_explains_an_empty_lake_and_a_bad_symphony_link(s3_bucket, tmp_path):
    with dashboard_in_browser(s3_bucket, "empty_lake_gunicorn.log") as (driver, url):
        assert httpx.get(f"{url}/healthz").status_code == 503
        driver.get(f"{url}/?symphony=%27%3B%20drop%20table%20symphonies%3B--")
        WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-alert .alert")))
        alert = driver.find_element(By.CSS_SELECTOR, "#overview-alert .alert").text
        assert "no snapshot has been published" in alert and "python -m ingest run" in alert and "bucket does not exist" in alert
        assert "Traceback" not in driver.page_source
        screenshot(driver, "overview-empty-lake")


def test_a_column_added_in_a_sql_file_appears_in_the_dashboard_table(sandbox, tmp_path):
    from ingest import pipeline
    from tests.helpers.sandbox import client_for, ingest_config

    with client_for(sandbox) as client:
        pipeline.run(ingest_config(sandbox, str(tmp_path / "lake")), client)
    sql_copy = tmp_path / "sql"
    shutil.copytree(ROOT / "sql", sql_copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    metrics_file = sql_copy / "metrics/symphony_metrics.sql"
    edited = metrics_file.read_text().replace(
        "    m.days < getvariable('short_history_days') as short_history",
        "    m.days < getvariable('short_history_days') as short_history,\n    m.pnl / nullif(m.days, 0) as pnl_per_day",
    )
    assert edited != metrics_file.read_text()
    metrics_file.write_text(edited)
    with dashboard_in_browser({"DATA_URL": str(tmp_path / "lake"), "SQL_DIR": str(sql_copy)}, "sql_edit_gunicorn.log") as (
        driver,
        url,
    ):
        driver.get(url)
        WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-grid .ag-row")))
        headers = driver.execute_script(
            "return Array.from(document.querySelectorAll('#overview-grid .ag-header-cell')).map(h => h.getAttribute('col-id'))"
        )
        assert "pnl_per_day" in headers
