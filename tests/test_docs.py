"""The README and .env.example document every setting the code reads and every view."""

from __future__ import annotations

import re

import yaml

import settings
from tests.helpers.browser import ROOT

SOURCES = ["ingest", "webapp", "sql", "gunicorn.conf.py", "scripts/run.sh", "sandbox"]
PATTERNS = [
    r"env\.get\(\"([A-Z0-9_]+)\"",
    r"getenv\('([A-Z0-9_]+)'\)",
    r"\$\{([A-Z0-9_]+):-",
    r"environ\.get\(\"([A-Z0-9_]+)\"",
    r"environ\[\"([A-Z0-9_]+)\"\]",
    r"settings\.value\(\"([A-Z0-9_]+)\"",
]


def variables_read_by_code() -> set[str]:
    """Every environment variable named where code reads one (Python, SQL, shell)."""
    names = set()
    for source in SOURCES:
        path = ROOT / source
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.suffix in {".py", ".sql", ".sh"}]
        for file in files:
            for pattern in PATTERNS:
                names |= set(re.findall(pattern, file.read_text()))
    return names


def test_every_variable_the_code_reads_is_declared_in_settings():
    names = variables_read_by_code()
    assert {"DATA_URL", "COMPOSER_API_KEY", "S3_ENDPOINT_URL", "METRICS_RANGE_START", "GUNICORN_TIMEOUT", "WEB_PORT"} <= names
    assert not {n for n in names if not settings.is_setting(n)}, "read but not declared in settings/catalog.py"


def test_the_readme_table_is_the_declared_settings_and_env_example_lists_each():
    readme = (ROOT / "README.md").read_text()
    assert settings.markdown_table() in readme, "README's table differs from `python -m settings`"
    example = (ROOT / ".env.example").read_text()
    assert not {s.name for s in settings.SETTINGS if f"{s.name}=" not in example}, "missing from .env.example"


def test_every_view_is_in_the_readme_and_read_by_the_cli_bootstrap():
    readme = (ROOT / "README.md").read_text()
    cli = (ROOT / "sql" / "cli.sql").read_text()
    for path in sorted((ROOT / "sql").glob("[0-9][0-9][0-9]_*.sql")):
        assert f".read sql/{path.name}" in cli, path.name
        for view in re.findall(r"create or replace view (\w+)", path.read_text()):
            assert f"`{view}`" in readme, view


def test_readme_gives_the_sandboxs_credentials_for_doctor_and_make_ingest():
    from sandbox.server import DEFAULT_KEY_ID, DEFAULT_SECRET

    readme = (ROOT / "README.md").read_text()
    assert f"COMPOSER_API_KEY={DEFAULT_KEY_ID}" in readme and f"COMPOSER_SECRET_KEY={DEFAULT_SECRET}" in readme
    assert "python -m ingest doctor" in readme and "make ingest" in readme


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


def test_every_sql_file_holds_one_view_or_macro_named_as_the_file_under_a_header():
    layers = {"source", "staging", "macro", "intermediate", "metrics"}
    files = sorted((ROOT / "sql").glob("[0-9][0-9][0-9]_*.sql"))
    assert len(files) > 50
    for path in files:
        text = path.read_text()
        assert text.startswith("--"), f"{path.name} has no header"
        if path.name in {"000_parameters.sql", "100_source_manifest.sql"}:  # variables, not objects
            assert "create or replace" not in text, path.name
            continue
        created = re.findall(r"^create or replace (view|macro) (\w+)", text, re.M)
        number, layer, name = re.fullmatch(r"(\d{3})_([a-z]+)_(\w+)\.sql", path.name).groups()
        assert layer in layers, path.name
        assert [n for _, n in created] == [name], f"{path.name} creates {created}"
        assert (created[0][0] == "macro") == (layer == "macro"), path.name
