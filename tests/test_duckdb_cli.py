"""`duckdb -init sql/cli.sql` opens a shell with every view over the lake, local or S3."""

from __future__ import annotations

import os
import subprocess

from sql.duck import S3Settings
from sql.httpfs import install_httpfs
from tests.helpers.browser import ROOT
from tests.helpers.sandbox import client_for, ingest_config
from tests.helpers.sync import metrics_of

DUCKDB = ROOT / ".venv" / "bin" / "duckdb"


def run_cli(env: dict[str, str], query: str) -> subprocess.CompletedProcess:
    install_httpfs()  # what `make` does once: copy httpfs from the wheel to ~/.duckdb
    full_env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), **env}
    return subprocess.run(
        [str(DUCKDB), "-init", "sql/cli.sql", "-csv", "-noheader", "-c", query],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def publish(sandbox, data_url: str, **env: str) -> None:
    from ingest import pipeline

    with client_for(sandbox) as client:
        pipeline.run(ingest_config(sandbox, data_url, **env), client)


def test_duckdb_cli_answers_symphony_metrics_from_a_moto_bucket(sandbox, s3_bucket):
    publish(sandbox, s3_bucket["DATA_URL"], **s3_bucket)
    result = run_cli(
        s3_bucket, "select symphony_id, round(sharpe, 9) from symphony_metrics where sharpe is not null order by symphony_id"
    )
    assert result.returncode == 0, result.stderr
    rows = dict(line.split(",") for line in result.stdout.strip().splitlines() if line.count(",") == 1)
    expected = metrics_of(s3_bucket["DATA_URL"], S3Settings.from_env(s3_bucket))
    assert len(rows) == 25
    for symphony_id, sharpe in rows.items():
        assert abs(float(sharpe) - expected[symphony_id]["sharpe"]) < 1e-8


def test_duckdb_cli_reads_a_local_lake_with_parameters_from_the_environment(sandbox, tmp_path):
    publish(sandbox, str(tmp_path))
    base = run_cli({"DATA_URL": str(tmp_path)}, "select round(avg(sharpe), 9) from symphony_metrics")
    with_rf = run_cli(
        {"DATA_URL": str(tmp_path), "METRICS_RISK_FREE_RATE": "0.05"}, "select round(avg(sharpe), 9) from symphony_metrics"
    )
    assert base.returncode == 0 and with_rf.returncode == 0, base.stderr + with_rf.stderr
    assert float(with_rf.stdout.strip().splitlines()[-1]) < float(base.stdout.strip().splitlines()[-1])


def test_make_duckdb_names_a_view_file_that_fails_before_the_shell_starts(tmp_path):
    """The DuckDB CLI stops at the first failing `.read` quoting the statement, not the file:
    `make duckdb` runs `python -m sql.check` first, which names it."""
    import shutil
    import sys

    from sql import duck
    from tests.helpers.metric_lake import symphonies, write_lake

    write_lake(tmp_path / "lake", symphonies(2))
    sql_dir = tmp_path / "sql"
    shutil.copytree(duck.SQL_DIR, sql_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "DATA_URL": str(tmp_path / "lake"),
        "SQL_DIR": str(sql_dir),
    }

    def check() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "sql.check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    assert check().returncode == 0
    view = sql_dir / "metrics/symphony_metrics.sql"
    view.write_text(view.read_text().replace("from symphonies as y", "from symphonies_typo as y"))
    broken = check()
    assert broken.returncode == 1
    assert (
        broken.stderr.startswith("view file metrics/symphony_metrics.sql failed: Catalog Error")
        and "symphonies_typo" in broken.stderr
    )
    target = (ROOT / "Makefile").read_text().split("\nduckdb:", 1)[1].split("\n\n")[0]
    assert target.index("-m sql.check") < target.index("duckdb -init sql/cli.sql")  # make duckdb checks first
