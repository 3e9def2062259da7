"""Shared fixtures: a clean environment, the sandbox API over HTTP, moto's S3 server over HTTP."""

from __future__ import annotations

import datetime as dt
import logging
import os
import pathlib
import shutil
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import boto3
import pytest
from hypothesis import settings
from moto.server import ThreadedMotoServer
from werkzeug.serving import make_server

from ingest.client import ComposerClient
from ingest.config import IngestConfig
from sandbox.server import DEFAULT_KEY_ID, DEFAULT_SECRET, SandboxSettings, create_app
from sql.duck import S3Settings

AS_OF = dt.date(2026, 11, 20)
logging.getLogger("werkzeug").setLevel(logging.WARNING)
# CI replays the same examples every run (no flakes); locally each run explores new ones
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("thorough", max_examples=500)  # HYPOTHESIS_PROFILE=thorough make test
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
elif os.environ.get("CI"):
    settings.load_profile("ci")  # one line per request of moto and the sandbox
AWS_KEY, AWS_SECRET = "testing-key-id", "testing-secret-key"
SETTING_PREFIXES = (
    "COMPOSER_",
    "AWS_",
    "DATA_URL",
    "S3_ENDPOINT_URL",
    "METRICS_",
    "BENCHMARK_",
    "DASHBOARD_",
    "INGEST_",
    "SQL_DIR",
    "ALERT",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's shell never leaks settings into a test."""
    for name in list(os.environ):
        if name.startswith(SETTING_PREFIXES):
            monkeypatch.delenv(name)


@dataclass
class Sandbox:
    url: str
    app: object

    def faults(self, *specs: dict) -> None:
        self.app.config["SANDBOX_FAULTS"].push(list(specs))

    @property
    def stats(self) -> dict:
        return self.app.config["SANDBOX_STATS"]

    @property
    def requests(self) -> list[dict]:
        """Every API request the sandbox received: method, path, query and JSON body."""
        return self.app.config["SANDBOX_REQUESTS"]

    def env(self) -> dict[str, str]:
        return {"COMPOSER_API_BASE_URL": self.url, "COMPOSER_API_KEY": DEFAULT_KEY_ID, "COMPOSER_SECRET_KEY": DEFAULT_SECRET}


def serve(app) -> tuple[str, object]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


@pytest.fixture
def start_sandbox() -> Iterator:
    """Start a sandbox API with the given settings; every one is shut down after the test."""
    servers = []

    def start(**overrides) -> Sandbox:
        settings = SandboxSettings(**({"as_of": AS_OF, "rate_limits": None} | overrides))
        app = create_app(settings)
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


def client_for(sandbox: Sandbox, **options) -> ComposerClient:
    options = {"max_backoff_s": 0.05} | options
    return ComposerClient(sandbox.url, DEFAULT_KEY_ID, DEFAULT_SECRET, **options)


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


def s3_settings(env: dict[str, str]) -> S3Settings:
    return S3Settings.from_env(env)


def ingest_config(sandbox: Sandbox, data_url: str, **env: str) -> IngestConfig:
    return IngestConfig.from_env(sandbox.env() | {"DATA_URL": data_url, "INGEST_MAX_CONCURRENCY": "8"} | env)


@pytest.fixture(scope="session")
def ingested_lake(tmp_path_factory) -> pathlib.Path:
    """The default sandbox account ingested once per session; tests get copies (`local_lake`).
    The sandbox is deterministic, so a test's own `sandbox` serves the same account."""
    from ingest import pipeline

    app = create_app(SandboxSettings(as_of=AS_OF, rate_limits=None))
    url, server = serve(app)
    root = tmp_path_factory.mktemp("ingested") / "lake"
    try:
        sandbox = Sandbox(url=url, app=app)
        with client_for(sandbox) as client:
            pipeline.run(ingest_config(sandbox, str(root)), client)
    finally:
        server.shutdown()
    return root


@pytest.fixture
def local_lake(ingested_lake, tmp_path) -> str:
    """The default sandbox account ingested into a folder lake of the test's own (a copy: the
    test may publish into it or break it)."""
    shutil.copytree(ingested_lake, tmp_path / "lake")
    return str(tmp_path / "lake")


@pytest.fixture(scope="module")
def module_dashboard(ingested_lake, tmp_path_factory, request) -> Iterator[tuple]:
    """One gunicorn and one Chromium for a module's browser tests that only read the lake: the
    default account (a copy of its own), its URL, and the server log's path."""
    from tests.browser import ARTIFACTS, dashboard_in_browser

    lake = tmp_path_factory.mktemp("module-lake") / "lake"
    shutil.copytree(ingested_lake, lake)
    log_name = f"{request.module.__name__.rsplit('.', 1)[-1]}_gunicorn.log"
    with dashboard_in_browser({"DATA_URL": str(lake)}, log_name) as (driver, url):
        yield driver, url, ARTIFACTS / log_name


@pytest.fixture
def browser_on_lake(module_dashboard) -> tuple:
    """The module's browser, reset for this test: default window, no remembered theme, no cookies."""
    driver, url, _ = module_dashboard
    driver.set_window_size(1400, 2000)
    driver.get(url + "/healthz")
    driver.execute_script("window.localStorage.clear(); window.sessionStorage.clear();")
    driver.delete_all_cookies()
    return driver, url
