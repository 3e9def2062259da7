"""A deployed dashboard is private, leak-free and read-only on S3."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.security import generate_password_hash

from ingest import pipeline
from ingest.lake import Lake
from tests.helpers.browser import ARTIFACTS, ROOT, chromium, start_dashboard, stop
from tests.helpers.sandbox import client_for, ingest_config

PASSWORD = "correct horse battery staple"
USERS = f"trader:{generate_password_hash(PASSWORD)}"
ROUTES = [
    ("GET", "/"),
    ("GET", "/?symphony=abc"),
    ("GET", "/_dash-layout"),
    ("GET", "/_dash-dependencies"),
    ("POST", "/_dash-update-component"),
    ("GET", "/vendor/bootstrap.min.css"),
    ("GET", "/_dash-component-suites/dash/deps/react@18.v4_4_1m1.3.1.min.js"),
    ("GET", "/no-such-page"),
]


@pytest.fixture
def dashboard(local_lake):
    servers = []

    def start(**env: str) -> str:
        process, url = start_dashboard({"DATA_URL": local_lake, **env}, ARTIFACTS / f"security_{len(servers)}.log")
        servers.append(process)
        return url

    yield start
    for process in servers:
        stop(process)


def test_dashboard_refuses_to_start_on_render_without_a_login(local_lake, tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "RENDER": "true", "DATA_URL": local_lake}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "webapp.app:server", "-c", "gunicorn.conf.py", "--bind", "127.0.0.1:0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DASHBOARD_USERS" in result.stdout + result.stderr and "DASHBOARD_PUBLIC=true" in result.stdout + result.stderr


def test_dashboard_starts_public_on_render_only_when_told_so(dashboard):
    url = dashboard(RENDER="true", DASHBOARD_PUBLIC="true")
    assert httpx.get(url).status_code == 200


def test_every_route_but_the_health_check_needs_a_login_and_the_right_password_opens_it(dashboard):
    url = dashboard(DASHBOARD_REQUIRE_AUTH="true", DASHBOARD_USERS=USERS)
    for method, path in ROUTES:
        response = httpx.request(method, url + path, json={})
        assert response.status_code == 401, (method, path)
        assert response.headers["WWW-Authenticate"].startswith("Basic")
    for auth in (("trader", "wrong password"), ("nobody", PASSWORD)):  # fewer than the failed-login limit
        response = httpx.get(url + "/_dash-layout", auth=auth)
        assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Basic"), auth
    assert httpx.get(url + "/healthz").status_code == 200
    response = httpx.get(url, auth=("trader", PASSWORD))
    assert response.status_code == 200 and "Algo Trading Analytics" in response.text


def test_security_headers_on_every_response(dashboard):
    url = dashboard()
    for path in ["/", "/healthz", "/no-such-page", "/vendor/bootstrap.min.css", "/_dash-layout"]:
        response = httpx.get(url + path)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]


def test_errors_show_no_stack_trace(dashboard):
    url = dashboard()
    response = httpx.post(url + "/_dash-update-component", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "Traceback" not in response.text and 'File "' not in response.text


def test_malformed_callback_requests_are_400_and_unknown_component_files_404(dashboard):
    url = dashboard()
    bodies = [{}, [], {"output": 5}, {"output": "x.children", "inputs": []},
              {"output": "nowhere.children", "outputs": {"id": "nowhere", "property": "children"}, "inputs": [], "changedPropIds": []}]  # fmt: skip
    for body in bodies:
        response = httpx.post(url + "/_dash-update-component", json=body)
        assert response.status_code == 400 and "not a Dash callback request" in response.text, body
    for path in ("/_dash-component-suites/nope/x.js", "/_dash-component-suites/dash/nope.js"):
        assert httpx.get(url + path).status_code == 404, path


INJECTIONS = [
    "' OR 1=1 --",
    "'; DROP TABLE symphonies; --",
    "../../../../etc/passwd",
    "%00",
    "<script>alert(1)</script>",
    "s3://other-bucket/x",
]


def test_hostile_symphony_and_period_parameters_change_nothing_and_leak_nothing(dashboard):
    url = dashboard()
    before = httpx.get(url + "/healthz").json()
    periods = [{"range": v} for v in INJECTIONS] + [{"start": v, "end": v} for v in INJECTIONS] + [None, "1Y", ["x"], 7]
    for value, period in zip(INJECTIONS * 4, periods, strict=False):
        body = {
            "output": "overview-pnl.figure",
            "outputs": {"id": "overview-pnl", "property": "figure"},
            "inputs": [{"id": "overview-symphony", "property": "value", "value": value}],
            "state": [{"id": "report", "property": "data", "value": period}],
            "changedPropIds": ["overview-symphony.value"],
        }
        response = httpx.post(url + "/_dash-update-component", json=body)
        assert response.status_code == 200, value
        assert "Pick a symphony" in response.text
        assert "Traceback" not in response.text and "root:" not in response.text
    assert httpx.get(url + "/healthz").json()["run_id"] == before["run_id"]


def test_hostile_url_parameter_shows_a_friendly_message_in_the_browser(dashboard):
    url = dashboard()
    driver = chromium()
    try:
        driver.get(url + "/?symphony=%27%3B%20DROP%20TABLE%20symphonies%3B%20--")
        WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-alert .alert")))
        assert "not in this account's data" in driver.find_element(By.CSS_SELECTOR, "#overview-alert .alert").text
        WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-grid .ag-row")))
        assert len(driver.find_elements(By.CSS_SELECTOR, "#overview-grid .ag-row")) >= 8
    finally:
        driver.quit()


def test_secrets_never_reach_logs_or_pages(start_sandbox, s3_bucket, tmp_path):
    composer_secret, aws_secret = "composer-secret-DO-NOT-LEAK-4711", "aws-secret-DO-NOT-LEAK-0815"
    sandbox = start_sandbox(api_secret=composer_secret)
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), **sandbox.env(), **s3_bucket}
    env |= {"COMPOSER_SECRET_KEY": composer_secret, "AWS_SECRET_ACCESS_KEY": aws_secret, "DASHBOARD_USERS": USERS}
    outputs = []
    for secret_value in (composer_secret, "wrong-" + composer_secret):
        run = subprocess.run(
            [sys.executable, "-m", "ingest", "run"],
            cwd=ROOT,
            env=env | {"COMPOSER_SECRET_KEY": secret_value},
            capture_output=True,
            text=True,
            timeout=180,
        )
        outputs += [run.stdout, run.stderr]
    assert "published snapshot" in outputs[0]
    log_path = ARTIFACTS / "secrets_gunicorn.log"
    process, url = start_dashboard({k: v for k, v in env.items() if k not in ("PATH", "HOME")}, log_path)
    try:
        auth = ("trader", PASSWORD)
        for path in ("/", "/healthz", "/_dash-layout", "/_dash-dependencies", "/no-such-page"):
            outputs.append(httpx.get(url + path, auth=auth).text)
        outputs.append(httpx.get(url + "/?symphony=x", auth=("trader", "bad")).text)
    finally:
        process.terminate()
        process.wait(timeout=20)
    outputs.append(log_path.read_text())
    lake = Lake(s3_bucket["DATA_URL"], ingest_config(sandbox, s3_bucket["DATA_URL"], **s3_bucket).s3)
    outputs.append(json.dumps(lake.read_json("manifests/latest.json")))
    everything = "\n".join(outputs)
    for secret in (composer_secret, aws_secret, PASSWORD):
        assert secret not in everything


def test_dashboard_reads_s3_with_get_and_head_only(sandbox, s3_bucket, moto_endpoint):
    with client_for(sandbox) as client:
        pipeline.run(ingest_config(sandbox, s3_bucket["DATA_URL"], **s3_bucket), client)
    httpx.post(f"{moto_endpoint}/moto-api/recorder/reset-recording")
    httpx.post(f"{moto_endpoint}/moto-api/recorder/start-recording")
    process, url = start_dashboard(s3_bucket, ARTIFACTS / "read_only_gunicorn.log")
    driver = chromium()
    try:
        driver.get(url)
        WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#overview-pnl .gtitle")))
        assert httpx.get(url + "/healthz").json()["status"] == "ok"
    finally:
        driver.quit()
        process.terminate()
        process.wait(timeout=20)
        httpx.post(f"{moto_endpoint}/moto-api/recorder/stop-recording")
    recording = httpx.get(f"{moto_endpoint}/moto-api/recorder/download-recording").text
    calls = [json.loads(line) for line in recording.splitlines() if line.strip()]
    bucket = s3_bucket["DATA_URL"].split("/")[2]
    app_calls = [c for c in calls if f"/{bucket}" in c["url"]]
    assert app_calls, "the dashboard read nothing from the bucket"
    assert {c["method"] for c in app_calls} <= {"GET", "HEAD"}
    assert not any("list-type" in c["url"] or c["url"].rstrip("/").endswith(bucket) for c in app_calls), (
        "the dashboard listed the bucket"
    )


def test_health_check_fails_when_the_lake_becomes_unreadable_while_pages_keep_the_last_snapshot(dashboard, local_lake):
    import pathlib

    url = dashboard()
    assert httpx.get(url + "/healthz").json()["status"] == "ok"
    latest = pathlib.Path(local_lake) / "manifests" / "latest.json"
    latest.rename(latest.with_suffix(".moved"))
    try:
        response = httpx.get(url + "/healthz")
        assert response.status_code == 503 and response.json()["status"] == "unavailable"
        assert httpx.get(url + "/").status_code == 200
    finally:
        latest.with_suffix(".moved").rename(latest)


def test_a_password_in_the_api_address_is_never_shown():
    from ingest.config import IngestConfig

    config = IngestConfig.from_env({"COMPOSER_API_BASE_URL": "https://me:hunter2@proxy.example:8443/composer"})
    assert config.api_base_url_shown == "https://me:***@proxy.example:8443/composer"
    assert (
        IngestConfig.from_env({"COMPOSER_API_BASE_URL": "https://api.composer.trade"}).api_base_url_shown
        == "https://api.composer.trade"
    )
