"""Headless Debian Chromium driven by Selenium, and a gunicorn-served dashboard to point it at."""

from __future__ import annotations

import contextlib
import os
import pathlib
import socket
import subprocess
import sys
from collections.abc import Iterator

import httpx
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from tests.helpers.polling import wait_for

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"  # git-ignored: a clean clone has none until a test makes it
ARTIFACTS.mkdir(exist_ok=True)
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,2000",
]


def chromium() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_dashboard(env: dict[str, str], log_path: pathlib.Path, app: str = "webapp.app:server") -> tuple[subprocess.Popen, str]:
    """gunicorn with the production config on a free port; returns once /healthz answers with
    the worker's first load done (200, or a 503 that is not "still loading"). `app`: the WSGI
    app (tests.helpers.clocked_dashboard:server runs the dashboard on a clock the test sets)."""
    port = free_port()
    full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/root"), **env}
    log = open(log_path, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app, "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def loaded() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log_path.read_text()[-2000:]}")
        return "still loading" not in httpx.get(f"{url}/healthz", timeout=5).text

    try:
        wait_for(loaded, 60, lambda: "gunicorn did not answer within 60 s", ignore=(httpx.HTTPError,), interval=0.2)
    except AssertionError:
        process.kill()
        raise
    return process, url


def screenshot(driver: webdriver.Chrome, name: str) -> pathlib.Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, as Render sends it; gunicorn kills a worker still busy after its graceful_timeout
    (20 s), so a process still running 40 s later is a hang: killed, and the test fails."""
    process.terminate()
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
        raise AssertionError("gunicorn was still running 40 s after SIGTERM (see its log in test-artifacts/)") from None


@contextlib.contextmanager
def dashboard_in_browser(
    env: dict[str, str], log_name: str, app: str = "webapp.app:server"
) -> Iterator[tuple[webdriver.Chrome, str]]:
    """The dashboard under gunicorn and a Chromium pointed at nothing yet; both stopped after."""
    ARTIFACTS.mkdir(exist_ok=True)
    process, url = start_dashboard(env, ARTIFACTS / log_name, app)
    driver = chromium()
    try:
        yield driver, url
    finally:
        driver.quit()
        stop(process)
