"""Settings are declared once (settings/catalog.py): each package reads its values from there, the .sql
files' own defaults agree with it, a bad value names the variable, and the dashboard's hints state
the annualization factor that is configured."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import settings
from ingest.config import IngestConfig
from ingest.errors import ConfigError
from tests.helpers.browser import ROOT
from webapp.config import WebConfig


def sql_defaults() -> dict[str, str]:
    """`set variable x = coalesce(getvariable('x'), <default>)` of every .sql file."""
    found = {}
    for path in (ROOT / "sql").rglob("*.sql"):
        for name, default in re.findall(r"coalesce\(getvariable\('(\w+)'\), ([^)]+)\)", path.read_text()):
            found[name] = default.strip().strip("'")
    return found


def test_the_sql_files_defaults_agree_with_the_declared_ones():
    defaults = sql_defaults()
    declared = [s for s in settings.SETTINGS if s.variable]
    assert len(declared) >= 10
    for setting in declared:
        assert setting.variable in defaults, f"{setting.variable} has no default in sql/"
        sql_value = defaults[setting.variable]
        if isinstance(setting.default, str):
            assert sql_value == setting.default, setting.name
        else:
            assert float(sql_value) == pytest.approx(float(setting.default)), setting.name


def test_every_package_reads_the_same_declared_value():
    env = {"DATA_URL": "s3://bucket/lake", "METRICS_PERIODS_PER_YEAR": "260", "AWS_DEFAULT_REGION": "eu-west-1"}
    ingest, web = IngestConfig.from_env(env), WebConfig.from_env(env)
    assert ingest.data_url == web.data_url == "s3://bucket/lake"
    assert ingest.metrics.periods_per_year == web.metrics.periods_per_year == 260
    assert ingest.s3.region == web.s3.region == "eu-west-1"  # the alias, read when AWS_REGION is unset
    defaults = IngestConfig.from_env({})
    assert defaults.max_concurrency == IngestConfig().max_concurrency == settings.default("INGEST_MAX_CONCURRENCY")
    assert WebConfig.from_env({}).cache_entries == WebConfig().cache_entries == settings.default("DASHBOARD_CACHE_ENTRIES")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("ALERTS", "off", False),
        ("ALERTS", "", True),
        ("INGEST_FULL_REFRESH", "yes", True),
        ("DASHBOARD_MATERIALIZE", "false", False),
        ("COMPOSER_ACCOUNT_IDS", " a, b ,,c ", ("a", "b", "c")),
        ("ALERT_URLS", "json://x  mailto://y", ("json://x", "mailto://y")),
        ("COMPOSER_SECRET_KEY", "  ", None),
    ],
)
def test_values_are_parsed_as_their_kind(name, text, expected):
    assert settings.value(name, {name: text}) == expected


def test_a_value_that_is_not_a_number_names_the_variable():
    with pytest.raises(settings.SettingError, match="INGEST_MAX_CONCURRENCY is 'eight', not a number"):
        settings.value("INGEST_MAX_CONCURRENCY", {"INGEST_MAX_CONCURRENCY": "eight"})
    with pytest.raises(ConfigError, match="COMPOSER_MAX_ATTEMPTS is 'many'"):
        IngestConfig.from_env({"COMPOSER_MAX_ATTEMPTS": "many"})


def test_the_dashboards_definitions_state_the_configured_annualization_factor():
    script = "from webapp.metric_columns import default_definitions; print('\\n'.join(default_definitions().values()))"
    env = {"PATH": "/usr/bin:/bin", "METRICS_PERIODS_PER_YEAR": "260"}
    text = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    assert "√260" in text and "^(260 /" in text and "252" not in text
