"""Shared fixtures: a clean environment, the sandbox API over HTTP, moto's S3 server over HTTP."""

from __future__ import annotations

import logging
import os
import pathlib
import shutil
import uuid
from collections.abc import Iterator

import boto3
import pytest
from hypothesis import settings as hypothesis_settings
from moto.server import ThreadedMotoServer

import settings
from sandbox.server import SandboxSettings, create_app
from tests.helpers.sandbox import AS_OF, Sandbox, client_for, ingest_config, serve

logging.getLogger("werkzeug").setLevel(logging.WARNING)
# CI replays the same examples every run (no flakes); locally each run explores new ones
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
hypothesis_settings.register_profile("thorough", max_examples=500)  # HYPOTHESIS_PROFILE=thorough make test
if os.environ.get("HYPOTHESIS_PROFILE"):
    hypothesis_settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
elif os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")  # one line per request of moto and the sandbox
AWS_KEY, AWS_SECRET = "testing-key-id", "testing-secret-key"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's shell never leaks settings into a test."""
    for name in list(os.environ):
        if settings.is_setting(name):
            monkeypatch.delenv(name)


@pytest.fixture
def start_sandbox() -> Iterator:
    """Start a sandbox API with the given settings; every one is shut down after the test."""
    servers = []

    def start(**overrides) -> Sandbox:
        sandbox_settings = SandboxSettings(**({"as_of": AS_OF, "rate_limits": None} | overrides))
        app = create_app(sandbox_settings)
        url, server = serve(app)
        servers.append(server)
        return Sandbox(url=url, app=app)

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture
def sandbox(start_sandbox) -> Sandbox:
    """The default 25-symphony account, rate limits off."""
    return start_sandbox()


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory) -> Iterator[str]:
    os.environ["MOTO_RECORDER_FILEPATH"] = str(tmp_path_factory.mktemp("moto") / "recording")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(moto_endpoint: str) -> dict[str, str]:
    """A fresh bucket on moto's server, and the environment that reaches it."""
    name = f"lake-{uuid.uuid4().hex[:12]}"
    boto3.client(
        "s3", endpoint_url=moto_endpoint, aws_access_key_id=AWS_KEY, aws_secret_access_key=AWS_SECRET, region_name="us-east-1"
    ).create_bucket(Bucket=name)
    return {
        "DATA_URL": f"s3://{name}/composer",
        "S3_ENDPOINT_URL": moto_endpoint,
        "AWS_ACCESS_KEY_ID": AWS_KEY,
        "AWS_SECRET_ACCESS_KEY": AWS_SECRET,
        "AWS_REGION": "us-east-1",
    }


@pytest.fixture(scope="session")
def ingested_lake(tmp_path_factory) -> pathlib.Path:
    """The default sandbox account ingested once per session, with its alerts evaluated as the
    nightly job does (no channel configured); tests get copies (`local_lake`). The sandbox is
    deterministic, so a test's own `sandbox` serves the same account."""
    from ingest import pipeline
    from ingest.alerts import runner

    app = create_app(SandboxSettings(as_of=AS_OF, rate_limits=None))
    url, server = serve(app)
    root = tmp_path_factory.mktemp("ingested") / "lake"
    try:
        sandbox = Sandbox(url=url, app=app)
        config = ingest_config(sandbox, str(root))
        with client_for(sandbox) as client:
            pipeline.run(config, client)
        runner.run(config, sync_exit_code=0)
    finally:
        server.shutdown()
    return root


@pytest.fixture
def local_lake(ingested_lake, tmp_path) -> str:
    """The default sandbox account ingested into a folder lake of the test's own (a copy: the
    test may publish into it or break it)."""
    shutil.copytree(ingested_lake, tmp_path / "lake")
    return str(tmp_path / "lake")


@pytest.fixture(scope="session")
def shared_dashboard(ingested_lake, tmp_path_factory) -> Iterator[tuple]:
    """One gunicorn and one Chromium per test process for the browser tests that only read the
    lake: the default account (a copy of its own), its URL, and the server log's path."""
    from tests.helpers.browser import ARTIFACTS, dashboard_in_browser

    lake = tmp_path_factory.mktemp("shared-lake") / "lake"
    shutil.copytree(ingested_lake, lake)
    log_name = f"shared_dashboard_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_gunicorn.log"
    with dashboard_in_browser({"DATA_URL": str(lake)}, log_name) as (driver, url):
        yield driver, url, ARTIFACTS / log_name


@pytest.fixture
def browser_on_lake(shared_dashboard) -> tuple:
    """The shared browser, reset for this test: default window, no remembered theme, no cookies."""
    driver, url, _ = shared_dashboard
    driver.set_window_size(1400, 2000)
    driver.get(url + "/healthz")
    driver.execute_script("window.localStorage.clear(); window.sessionStorage.clear();")
    driver.delete_all_cookies()
    return driver, url
