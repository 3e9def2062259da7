"""The README and .env.example document every setting the code reads and every view."""

from __future__ import annotations

import re

import yaml

import settings
from sql import duck
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


LAYERS = ("sources", "staging", "macros", "intermediate", "metrics")


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


def test_every_view_is_in_the_readme_and_the_cli_bootstrap_reads_the_load_order():
    readme = (ROOT / "README.md").read_text()
    assert ".read sql/views.sql" in (ROOT / "sql" / "cli.sql").read_text()
    for path in duck.view_files():
        for view in re.findall(r"create or replace view (\w+)", path.read_text()):
            assert f"`{view}`" in readme, view


def test_the_load_order_lists_every_view_file_once_and_nothing_else():
    listed = [p.relative_to(ROOT / "sql").as_posix() for p in duck.view_files()]
    on_disk = {p.relative_to(ROOT / "sql").as_posix() for layer in LAYERS for p in (ROOT / "sql" / layer).glob("*.sql")}
    assert len(listed) == len(set(listed)), "a file is listed twice"
    assert set(listed) == on_disk | {"parameters.sql"}


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
    services = {s["startCommand"].split(" --")[0] if s["type"] == "web" else s["startCommand"]: s for s in blueprint["services"]}
    web = next(s for s in blueprint["services"] if s["type"] == "web")
    assert web["startCommand"] == (ROOT / "Procfile").read_text().split("web:", 1)[1].strip()
    assert {s["type"] for s in blueprint["services"]} == {"web", "cron"}
    for command in ("python -m ingest run", "python -m ingest live --once"):
        assert services[command]["type"] == "cron" and re.fullmatch(r"(\S+ ){4}\S+", services[command]["schedule"])
        assert {"COMPOSER_API_KEY", "COMPOSER_SECRET_KEY", "ALERT_URLS"} <= {
            v["key"] for v in services[command]["envVars"] if v.get("sync") is False
        }
    for service in services.values():
        assert service["runtime"] == "python" and "env" not in service
        secrets = {v["key"] for v in service["envVars"] if v.get("sync") is False}
        assert {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} <= secrets
    for group in blueprint["envVarGroups"]:
        assert all("sync" not in v for v in group["envVars"])


def test_the_live_cron_reads_every_five_minutes_of_the_session_in_both_eastern_times():
    """`*/5 13-20 * * 1-5` in UTC: each 5 minutes of 09:30-16:00 New York time, in winter (EST,
    14:30-21:00 UTC) and summer (EDT, 13:30-20:00 UTC), gets a run."""
    live = next(s for s in yaml.safe_load((ROOT / "render.yaml").read_text())["services"] if "ingest live" in s["startCommand"])
    minute, hour, _, _, weekdays = live["schedule"].split()
    assert minute == "*/5" and weekdays == "1-5"
    first, last = (int(h) for h in hour.split("-"))
    for opens_utc in (13 * 60 + 30, 14 * 60 + 30):  # EDT, EST
        for at in range(opens_utc, opens_utc + 390, 5):
            assert first <= at // 60 <= last, f"no run at {at // 60:02d}:{at % 60:02d} UTC"


def test_every_view_file_holds_one_view_or_a_family_of_macros_named_as_the_file_under_a_header():
    """A view file creates the one view it is named after; a macro file the macro it is named
    after, or a family of macros that are one idea (the normal distribution, the Sharpe statistics)."""
    files = duck.view_files()
    assert len(files) > 50
    for path in files:
        text, rel = path.read_text(), path.relative_to(ROOT / "sql").as_posix()
        assert text.startswith("--"), f"{rel} has no header"
        if rel in {"parameters.sql", "sources/manifest.sql"}:  # variables, not objects
            assert "create or replace" not in text, rel
            continue
        created = re.findall(r"^create or replace (view|macro) (\w+)", text, re.M)
        layer = path.parent.name
        assert layer in LAYERS, rel
        kinds = {kind for kind, _ in created}
        assert kinds == ({"macro"} if layer == "macros" else {"view"}), f"{rel} creates {created}"
        if layer != "macros" or len(created) == 1:
            assert [n for _, n in created] == [path.stem], f"{rel} creates {created}"


def test_every_view_file_a_comment_or_document_names_exists():
    """A renamed or merged file leaves no reference to its old name behind."""
    named = re.compile(r"\b((?:sources|staging|macros|intermediate|metrics|pages|alerts)/\w+\.sql)")
    texts = [ROOT / "README.md", ROOT / "ARCHITECTURE.md", *ROOT.glob("sql/**/*.sql")]
    texts += [p for folder in ("ingest", "webapp", "sql", "tests", "bench", "settings") for p in (ROOT / folder).rglob("*.py")]
    missing = {(p.relative_to(ROOT).as_posix(), ref) for p in texts for ref in named.findall(p.read_text())}
    missing = {(where, ref) for where, ref in missing if not (ROOT / "sql" / ref).exists()}
    assert not missing
    assert not re.search(r"\b\d{3}_(source|staging|macro|intermediate|metrics)_\w+\.sql", "".join(p.read_text() for p in texts))


def test_the_readme_metric_table_is_the_metrics_views_column_comments():
    from webapp import metric_columns

    assert metric_columns.markdown_table() in (ROOT / "README.md").read_text(), "run python -m webapp.metric_columns"
