"""The runtime works from requirements.txt alone: a fresh virtual environment with only those
packages (what Render's build installs) runs the sandbox and ingest, serves the dashboard, and
the overview's table fills in Chromium. The suite's own environment has the dev packages too, so
only a separate environment proves this."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from sandbox.server import DEFAULT_KEY_ID, DEFAULT_SECRET
from tests.helpers.browser import ARTIFACTS, ROOT, chromium, free_port
from tests.helpers.polling import wait_for


def fresh_venv(tmp_path) -> pathlib.Path:
    """A new virtual environment with requirements.txt only (as Render's build installs); its python."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(ROOT / "requirements.txt")],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    dev_only = subprocess.run([str(python), "-c", "import pytest"], capture_output=True, timeout=60)
    assert dev_only.returncode != 0, "the fresh environment has dev packages: it proves nothing"
    return python


def log_tail(problem: str):
    return lambda: f"{problem}: {(ARTIFACTS / 'fresh_install.log').read_text()[-2000:]}"


def test_a_venv_from_requirements_txt_alone_ingests_and_serves_the_dashboard(tmp_path):
    python = fresh_venv(tmp_path)
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "PYTHONDONTWRITEBYTECODE": "1"}
    api_port, web_port = free_port(), free_port()
    lake = tmp_path / "lake"
    log = open(ARTIFACTS / "fresh_install.log", "w")
    sandbox = subprocess.Popen(
        [str(python), "-m", "sandbox", "--port", str(api_port), "--size", "10", "--no-rate-limits"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    web = None
    try:
        api = f"http://127.0.0.1:{api_port}"
        wait_for(
            lambda: httpx.get(api + "/_sandbox/stats", timeout=1), 60, log_tail("the sandbox did not start"), (httpx.HTTPError,)
        )
        ingest_env = env | {"COMPOSER_API_BASE_URL": api, "DATA_URL": str(lake)}
        ingest_env |= {"COMPOSER_API_KEY": DEFAULT_KEY_ID, "COMPOSER_SECRET_KEY": DEFAULT_SECRET}
        ingest_env |= {f"COMPOSER_RATE_LIMIT_{c}": "0" for c in ("STANDARD", "VALUES", "BACKTEST")}  # as the sandbox: none
        run = subprocess.run(
            [str(python), "-m", "ingest", "run"], cwd=ROOT, env=ingest_env, capture_output=True, text=True, timeout=300
        )
        assert run.returncode == 0, run.stderr[-2000:]
        assert "published snapshot" in run.stdout and "artifacts refreshed" in run.stdout  # the views run in it too
        assert "alerts: " in run.stderr  # the alerts step ran: Apprise and its dependencies are runtime requirements

        web = subprocess.Popen(
            [str(python.parent / "gunicorn"), "webapp.app:server", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{web_port}"],
            cwd=ROOT, env=env | {"DATA_URL": str(lake)}, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{web_port}"
        wait_for(
            lambda: web.poll() is None and httpx.get(url + "/healthz", timeout=5).status_code == 200,
            90,
            log_tail("no 200 from /healthz"),
            (httpx.HTTPError,),
        )
        driver = chromium()
        try:
            driver.get(url + "/")
            WebDriverWait(driver, 60).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#overview-grid .ag-row")) >= 5)
        finally:
            driver.quit()
    finally:
        for process in (web, sandbox):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
        log.close()
