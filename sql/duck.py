"""Open DuckDB over the lake and load the `.sql` views, for the dashboard and the artifacts.

The view files take their parameters from DuckDB variables (the Python client has no
`getenv()`): this module sets `data_url`, `manifest_url` and the metric parameters, then runs
the view files in the order `sql/views.sql` lists them (`sources/`, `staging/`, `macros/`,
`intermediate/`, `metrics/`). `sql/cli.sql` reads the same list for the DuckDB CLI, from the
environment.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pathlib
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import duckdb

import settings
from sql.httpfs import install_httpfs

SQL_DIR = pathlib.Path(__file__).resolve().parent
_TABLE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
# the views copied into tables after the snapshot's own, in this order (each reads the ones before):
# daily_returns' windows, symphony_lives' and monthly_sums' sums, return_terms' month order and symphony_trades'
# windows over the holdings history run once a snapshot
DERIVED_TABLES = ("daily_returns", "symphony_lives", "return_terms", "monthly_sums", "symphony_trades")


@dataclass(frozen=True)
class S3Settings:
    """How to reach S3 (or an S3-compatible endpoint such as MinIO or moto)."""

    region: str = "us-east-1"
    access_key_id: str | None = None
    secret_access_key: str | None = None
    session_token: str | None = None
    endpoint_url: str | None = None

    def __repr__(self) -> str:
        return f"S3Settings(region={self.region!r}, endpoint_url={self.endpoint_url!r}, credentials={'set' if self.access_key_id else 'unset'})"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> S3Settings:
        return cls(
            region=settings.value("AWS_REGION", env),
            access_key_id=settings.value("AWS_ACCESS_KEY_ID", env),
            secret_access_key=settings.value("AWS_SECRET_ACCESS_KEY", env),
            session_token=settings.value("AWS_SESSION_TOKEN", env),
            endpoint_url=settings.value("S3_ENDPOINT_URL", env),
        )


@dataclass(frozen=True)
class MetricParameters:
    """Defaults of the variables the views read; `sql/parameters.sql` documents each."""

    risk_free_rate: float = settings.default("METRICS_RISK_FREE_RATE")
    periods_per_year: int = settings.default("METRICS_PERIODS_PER_YEAR")
    benchmark_ticker: str = settings.default("BENCHMARK_TICKER")

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> MetricParameters:
        return cls(
            risk_free_rate=settings.value("METRICS_RISK_FREE_RATE", env),
            periods_per_year=settings.value("METRICS_PERIODS_PER_YEAR", env),
            benchmark_ticker=settings.value("BENCHMARK_TICKER", env),
        )


def connect(s3: S3Settings | None = None, database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A connection with httpfs loaded and, when credentials or an endpoint are given, an S3 secret."""
    con = duckdb.connect(database)
    install_httpfs(con)
    con.execute("LOAD httpfs")
    # snapshot files are immutable, so cached bytes never need revalidating
    con.execute("SET enable_http_metadata_cache = true")
    con.execute("SET parquet_metadata_cache = true")
    if s3 is not None:
        _create_s3_secret(con, s3)
    return con


def _create_s3_secret(con: duckdb.DuckDBPyConnection, s3: S3Settings) -> None:
    options = {"REGION": s3.region}
    if s3.access_key_id:
        options |= {"KEY_ID": s3.access_key_id, "SECRET": s3.secret_access_key or ""}
    if s3.session_token:
        options["SESSION_TOKEN"] = s3.session_token
    if s3.endpoint_url:
        scheme, _, host = s3.endpoint_url.partition("://")
        options |= {"ENDPOINT": host.rstrip("/"), "URL_STYLE": "path"}
        use_ssl = "true" if scheme == "https" else "false"
    else:
        use_ssl = "true"
    rendered = ", ".join(f"{k} '{_quote(v)}'" for k, v in options.items())
    con.execute(f"CREATE OR REPLACE SECRET lake_s3 (TYPE s3, {rendered}, USE_SSL {use_ssl})")


def _quote(value: str) -> str:
    return value.replace("'", "''")


LOAD_ORDER = "views.sql"
_READ_LINE = re.compile(r"^\.read sql/(\S+\.sql)\s*$")


def view_files(sql_dir: pathlib.Path = SQL_DIR) -> list[pathlib.Path]:
    """The view files in the order they run: the `.read sql/<file>` lines of `views.sql`, the one
    list the DuckDB CLI reads too."""
    lines = (sql_dir / LOAD_ORDER).read_text().splitlines()
    return [sql_dir / m.group(1) for m in map(_READ_LINE.match, lines) if m]


def view_name(path: pathlib.Path, sql_dir: pathlib.Path = SQL_DIR) -> str:
    """How errors and fingerprints name a view file: its path under the SQL directory."""
    return path.relative_to(sql_dir).as_posix()


def load_views(
    con: duckdb.DuckDBPyConnection,
    data_url: str,
    manifest_key: str = "manifests/latest.json",
    params: MetricParameters | None = None,
    sql_dir: pathlib.Path | str | None = None,
    copy: bool = False,
) -> None:
    """Point the views at one snapshot's manifest and (re)create every view. With copy, each of the
    snapshot's tables and DERIVED_TABLES is copied into the connection's database as soon as its
    view exists (copy_view), so every later view is bound over copies rather than over the lake's
    files (binding a view over the files holds their metadata, and the views read one another)."""
    params = params or MetricParameters()
    root = normalize_data_url(data_url)
    con.execute("SET VARIABLE data_url = ?", [root])
    con.execute("SET VARIABLE manifest_url = ?", [f"{root}/{manifest_key}"])
    # the intraday views are made over no file: a broken intraday file must never stop a snapshot
    # from loading; whoever reads them points them at the files first (sql/live_files.py)
    con.execute("SET VARIABLE live_files = []::varchar[]")
    con.execute("SET VARIABLE risk_free_rate = ?", [params.risk_free_rate])
    con.execute("SET VARIABLE periods_per_year = ?", [params.periods_per_year])
    con.execute("SET VARIABLE benchmark_ticker = ?", [params.benchmark_ticker])
    root_dir = pathlib.Path(sql_dir) if sql_dir else SQL_DIR
    for path in view_files(root_dir):
        try:
            con.execute(path.read_text())
            if copy and path.stem in copied_views(con):
                copy_view(con, path.stem)
        except (duckdb.Error, OSError) as exc:
            raise ViewFileError(view_name(path, root_dir), exc) from exc
    if copy:
        con.execute("checkpoint")


class ViewFileError(duckdb.Error):
    """A view file that does not load: which file, and DuckDB's first line about it."""

    def __init__(self, file_name: str, error: duckdb.Error | OSError):
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        super().__init__(f"view file {file_name} failed: {first}")
        self.file_name = file_name
        self.cause = error


def views_fingerprint(sql_dir: pathlib.Path | str | None = None) -> tuple:
    """What the view files are now (name, size, modification time): a change means an edit to
    pick up without a restart."""
    root_dir = pathlib.Path(sql_dir) if sql_dir else SQL_DIR
    listed = [root_dir / LOAD_ORDER, *view_files(root_dir)]
    return tuple((view_name(p, root_dir), p.stat().st_size, p.stat().st_mtime_ns) for p in listed if p.exists())


def copied_views(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The views load_views(copy=True) copies into tables: the snapshot's tables but daily_values
    (daily_returns holds all of its columns), and DERIVED_TABLES. The copies hold exactly what the
    immutable files hold, so every view's result is unchanged; daily_returns' windows and
    monthly_sums' sums then run once instead of once per view that reads them."""
    lake = con.execute("select coalesce(map_keys(getvariable('lake_files')), [])").fetchone()[0]
    return ({t for t in lake if _TABLE_NAME.match(t)} - {"daily_values"}) | set(DERIVED_TABLES)


def copy_view(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Copy one view into a table of the connection's database (a local file, or memory) and point
    the view at the copy: later queries read it, not the lake."""
    con.execute(f'create or replace table "memory_{name}" as from "{name}"')
    con.execute(f'create or replace view "{name}" as from "memory_{name}"')


@contextlib.contextmanager
def snapshot_copy(
    s3: S3Settings | None, data_url: str, run_id: str | None, params: MetricParameters, memory_mb: int
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The views over one snapshot (None: the one latest.json names; `from snapshot` says which),
    copied once into a temporary DuckDB file with DuckDB held to `memory_mb`: it spills to that
    folder instead of growing (the nightly job's artifacts and alerts on a 512 MB instance)."""
    with tempfile.TemporaryDirectory(prefix="snapshot-") as folder:
        con = connect(s3, database=f"{folder}/snapshot.duckdb")
        try:
            con.execute(f"SET memory_limit = '{int(memory_mb)}MB'")
            run_id = run_id or read_latest_run_id(con, data_url)
            load_views(con, data_url, manifest_key=f"manifests/{run_id}.json", params=params, copy=True)
            yield con
        finally:
            con.close()


def set_range(con: duckdb.DuckDBPyConnection, start: dt.date | None, end: dt.date | None, account_id: str | None = None) -> None:
    """Set the report period and account every view measures (None leaves that side open, or
    measures every account)."""
    con.execute("SET VARIABLE range_start = ?::date", [start])
    con.execute("SET VARIABLE range_end = ?::date", [end])
    con.execute("SET VARIABLE account_scope = ?::varchar", [account_id])


def normalize_data_url(data_url: str) -> str:
    """s3:// URLs as given; local folders as absolute paths, so the CLI and the app agree."""
    if data_url.startswith("s3://"):
        return data_url.rstrip("/")
    return str(pathlib.Path(os.path.expanduser(data_url)).resolve())


def copy_variables(source: duckdb.DuckDBPyConnection, target: duckdb.DuckDBPyConnection) -> None:
    """Give `target` every variable `source` has: DuckDB variables belong to one connection, and
    each thread's cursor is a connection of its own, while the views read them at query time."""
    names = [row[0] for row in source.execute("select name from duckdb_variables() order by name").fetchall()]
    for name in names:
        value, type_name = source.execute(f"select getvariable('{name}'), typeof(getvariable('{name}'))").fetchone()
        target.execute(f'set variable "{name}" = ?::{type_name}', [value])


def read_latest_run_id(con: duckdb.DuckDBPyConnection, data_url: str) -> str:
    """The run_id that manifests/latest.json names (raises duckdb.Error when there is none)."""
    url = f"{normalize_data_url(data_url)}/manifests/latest.json"
    row = con.execute("select content from read_text(?)", [url]).fetchone()
    if row is None:  # read_text globs: a missing file is an empty result, not an error
        raise duckdb.IOException(f"No files found that match the pattern {url}")
    (content,) = row
    (run_id,) = con.execute("select json_extract_string(?, '$.run_id')", [content]).fetchone()
    return run_id
