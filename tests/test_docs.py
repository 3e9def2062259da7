"""The README and .env.example document every setting the code reads and every view."""

from __future__ import annotations

import re

import yaml

from tests.browser import ROOT

SOURCES = ["ingest/config.py", "webapp/config.py", "sql/duck.py", "sql/cli.sql", "gunicorn.conf.py", "scripts/run.sh"]
PATTERNS = [
    r"env\.get\(\"([A-Z0-9_]+)\"",
    r"getenv\('([A-Z0-9_]+)'\)",
    r"\$\{([A-Z0-9_]+):-",
    r"environ\.get\(\"([A-Z0-9_]+)\"",
    r'f"([A-Z0-9_]+)_\{name\.upper\(\)\}"',
]


def settings_read_by_code() -> set[str]:
    names = set()
    for source in SOURCES:
        text = (ROOT / source).read_text()
        for pattern in PATTERNS:
            names |= set(re.findall(pattern, text))
    names |= {f"COMPOSER_RATE_LIMIT_{c}" for c in ("STANDARD", "VALUES", "BACKTEST")}
    names.discard("COMPOSER_RATE_LIMIT")
    return names


def test_every_environment_variable_is_in_the_readme_and_env_example():
    names = settings_read_by_code()
    assert {"DATA_URL", "COMPOSER_API_KEY", "COMPOSER_SECRET_KEY", "S3_ENDPOINT_URL", "METRICS_RISK_FREE_RATE"} <= names
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    assert not {n for n in names if f"`{n}`" not in readme}, "undocumented in README"
    assert not {n for n in names if f"{n}=" not in example}, "missing from .env.example"


def test_every_view_is_in_the_readme_and_read_by_the_cli_bootstrap():
    readme = (ROOT / "README.md").read_text()
    cli = (ROOT / "sql" / "cli.sql").read_text()
    for path in sorted((ROOT / "sql").glob("[0-9][0-9]_*.sql")):
        assert f".read sql/{path.name}" in cli, path.name
        for view in re.findall(r"create or replace view (\w+)", path.read_text()):
            assert f"`{view}`" in readme, view


def test_readme_starts_with_the_two_commands():
    top = (ROOT / "README.md").read_text()[:1200]
    assert "make run" in top and "make test" in top and "http://127.0.0.1:8050" in top


def test_render_blueprint_declares_both_services_and_secrets_per_service():
    blueprint = yaml.safe_load((ROOT / "render.yaml").read_text())
    services = {s["type"]: s for s in blueprint["services"]}
    assert services["web"]["startCommand"] == (ROOT / "Procfile").read_text().split("web:", 1)[1].strip()
    assert services["cron"]["startCommand"] == "python -m ingest run"
    assert re.fullmatch(r"(\S+ ){4}\S+", services["cron"]["schedule"])
    for service in services.values():
        assert service["runtime"] == "python" and "env" not in service
        secrets = {v["key"] for v in service["envVars"] if v.get("sync") is False}
        assert {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} <= secrets
    assert {"COMPOSER_API_KEY", "COMPOSER_SECRET_KEY", "ALERT_URLS"} <= {
        v["key"] for v in services["cron"]["envVars"] if v.get("sync") is False
    }
    for group in blueprint["envVarGroups"]:
        assert all("sync" not in v for v in group["envVars"])
