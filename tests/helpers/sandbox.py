"""The sandbox Composer API for tests: serving it, pointing a client and ingest at it."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import threading
from dataclasses import dataclass

from werkzeug.serving import make_server

from ingest.client import ComposerClient
from ingest.config import IngestConfig
from sandbox.server import DEFAULT_KEY_ID, DEFAULT_SECRET
from sql.duck import S3Settings

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "composer"
AS_OF = dt.date(2026, 11, 20)


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
        """The settings that point ingest at this sandbox, with the client's rate limits set to
        the sandbox's own (0, unlimited, when it has none: the limiter has tests of its own)."""
        limits = self.app.config["SANDBOX_SETTINGS"].rate_limits or {}
        paced = {f"COMPOSER_RATE_LIMIT_{c.upper()}": str(limits.get(c, 0)) for c in ("standard", "values", "backtest")}
        return {
            "COMPOSER_API_BASE_URL": self.url,
            "COMPOSER_API_KEY": DEFAULT_KEY_ID,
            "COMPOSER_SECRET_KEY": DEFAULT_SECRET,
        } | paced


def serve(app) -> tuple[str, object]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def client_for(sandbox: Sandbox, **options) -> ComposerClient:
    options = {"max_backoff_s": 0.05} | options
    return ComposerClient(sandbox.url, DEFAULT_KEY_ID, DEFAULT_SECRET, **options)


def s3_settings(env: dict[str, str]) -> S3Settings:
    return S3Settings.from_env(env)


def ingest_config(sandbox: Sandbox, data_url: str, **env: str) -> IngestConfig:
    return IngestConfig.from_env(sandbox.env() | {"DATA_URL": data_url, "INGEST_MAX_CONCURRENCY": "8"} | env)


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def edited_symphony(sandbox):
    return next(s for s in sandbox.app.config["SANDBOX_ACCOUNT"].symphonies if s.edits)
