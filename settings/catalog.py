"""Every environment variable the project reads, one Setting each (see settings/__init__.py), in the
order of the README's table: the nightly job's own (ingest_settings.py), then the lake's, the
metrics', the dashboard's and gunicorn's."""

from __future__ import annotations

from settings import Setting
from settings.ingest_settings import INGEST_SETTINGS

SETTINGS: tuple[Setting, ...] = (
    *INGEST_SETTINGS,
    Setting("DATA_URL", "./data/lake", "text", "lake root: a folder or `s3://bucket/prefix`", ("ingest", "webapp", "DuckDB CLI")),
    Setting(
        "S3_ENDPOINT_URL",
        None,
        "text",
        "S3-compatible endpoint (MinIO, moto), e.g. `http://127.0.0.1:9000`",
        ("ingest", "webapp", "DuckDB CLI"),
    ),
    Setting("AWS_ACCESS_KEY_ID", None, "text", "S3 key id", ("ingest", "webapp", "DuckDB CLI")),
    Setting("AWS_SECRET_ACCESS_KEY", None, "text", "S3 secret key", ("ingest", "webapp", "DuckDB CLI")),
    Setting("AWS_SESSION_TOKEN", None, "text", "S3 session token (temporary credentials)", ("ingest", "webapp", "DuckDB CLI")),
    Setting(
        "AWS_REGION",
        "us-east-1",
        "text",
        "S3 region; `AWS_DEFAULT_REGION` is read when it is unset",
        ("ingest", "webapp", "DuckDB CLI"),
        aliases=("AWS_DEFAULT_REGION",),
    ),
    Setting(
        "METRICS_RISK_FREE_RATE",
        0.0,
        "float",
        "annual risk-free rate (0.04 = 4%) for Sharpe, Sortino, alpha, beta",
        ("sql", "DuckDB CLI"),
        shown="`0`",
        variable="risk_free_rate",
    ),
    Setting(
        "METRICS_PERIODS_PER_YEAR",
        252,
        "int",
        "trading days per year for annualizing (the dashboard's hints say the same number)",
        ("sql", "DuckDB CLI"),
        variable="periods_per_year",
    ),
    Setting(
        "METRICS_RANGE_START",
        None,
        "text",
        "report period start of a `make duckdb` session, `YYYY-MM-DD` (the dashboard takes it from the URL)",
        ("DuckDB CLI",),
        shown="open",
    ),
    Setting(
        "METRICS_RANGE_END",
        None,
        "text",
        "report period end of a `make duckdb` session, `YYYY-MM-DD`",
        ("DuckDB CLI",),
        shown="open",
    ),
    Setting(
        "DASHBOARD_USERS",
        None,
        "text",
        "logins: `user:password-hash` pairs, comma-separated (`python -m webapp.hash_password USER` prints one)",
        ("webapp",),
    ),
    Setting("DASHBOARD_REQUIRE_AUTH", False, "flag", "refuse to start without `DASHBOARD_USERS`", ("webapp",)),
    Setting("RENDER", False, "flag", "set by Render on its services; means `DASHBOARD_REQUIRE_AUTH`", ("webapp",), shown="—"),
    Setting("DASHBOARD_PUBLIC", False, "flag", "`true` lets a deployed dashboard start without a login, on purpose", ("webapp",)),
    Setting(
        "SQL_DIR",
        None,
        "text",
        "folder of view files (with its own `views.sql`) to load instead (`make duckdb` checks it before the shell starts)",
        ("webapp", "make duckdb"),
        shown="`./sql`",
    ),
    Setting(
        "DASHBOARD_MATERIALIZE",
        True,
        "flag",
        "copy each snapshot's tables (and `daily_returns`, `symphony_lives`, `return_terms`, `monthly_sums`) once into a "
        "compressed DuckDB file on local disk "
        "(`DASHBOARD_DISK_DIR`), so callbacks never read S3 again; `false` reads S3 on every callback (slow)",
        ("webapp",),
        shown="`true`",
    ),
    Setting(
        "DASHBOARD_MEMORY_MB",
        96,
        "int",
        "DuckDB's memory limit per worker, MB: beyond it DuckDB reads the snapshot's file back from disk and "
        "spills to `DASHBOARD_DISK_DIR` instead of growing (before a new snapshot loads, the served one's "
        "cached pages are let go); `0`: no limit, the tables are held in memory (for instances with a few GB)",
        ("webapp",),
    ),
    Setting("DASHBOARD_DUCKDB_THREADS", 2, "int", "threads each DuckDB query may use (the instance's cores)", ("webapp",)),
    Setting(
        "DASHBOARD_DISK_DIR",
        None,
        "text",
        "folder for the snapshot files and DuckDB's spill files (280 MB per 1,000 symphonies × 10 years, "
        "twice during a swap); removed as snapshots are replaced",
        ("webapp",),
        shown="system temp folder",
    ),
    Setting(
        "DASHBOARD_CACHE_ENTRIES",
        512,
        "int",
        "query results kept per process (least recently used go first; `0` turns the cache off)",
        ("webapp",),
    ),
    Setting(
        "SNAPSHOT_CHECK_SECONDS",
        30.0,
        "float",
        "how often the app (and each open page) looks for a newer snapshot; a new one re-renders open pages",
        ("webapp",),
        shown="`30`",
    ),
    Setting(
        "LIVE_POLL_SECONDS",
        60.0,
        "float",
        "how often an open page asks for new intraday readings, only while the market is open and the page is visible",
        ("webapp",),
        shown="`60`",
    ),
    Setting("PORT", 8050, "int", "where gunicorn listens, on every address", ("gunicorn",)),
    Setting("GUNICORN_BIND", None, "text", "where gunicorn listens instead of `0.0.0.0:$PORT`", ("gunicorn",)),
    Setting("WEB_CONCURRENCY", 1, "int", "gunicorn workers", ("gunicorn",)),
    Setting(
        "DUCKDB_JE_MALLOC_CONF",
        "dirty_decay_ms:0,muzzy_decay_ms:0",
        "text",
        "options of DuckDB's allocator (jemalloc) in the dashboard worker: by default freed memory goes back to the "
        "system at once (about 70 MB less RSS after a snapshot load, loads about a third slower)",
        ("gunicorn",),
    ),
    Setting(
        "MALLOC_ARENA_MAX",
        2,
        "int",
        "glibc malloc arenas in the dashboard (Python's and pandas' memory): with 2, the worker's threads "
        "share two pools of free memory instead of one each (about 17 MB less peak RSS); `0`: glibc's default",
        ("gunicorn",),
    ),
    Setting("GUNICORN_THREADS", 4, "int", "threads per worker", ("gunicorn",)),
    Setting("GUNICORN_TIMEOUT", 120, "int", "request timeout, seconds", ("gunicorn",)),
    Setting("WEB_PORT", 8050, "int", "port of the demo dashboard", ("make run",)),
    Setting("SANDBOX_PORT", 8765, "int", "port of the demo's sandbox API", ("make run",)),
)
