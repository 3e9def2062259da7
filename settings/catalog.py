"""Every environment variable the project reads, one Setting each (see settings/__init__.py)."""

from __future__ import annotations

from settings import Setting


def _alert(name: str, default: float, meaning: str) -> Setting:
    return Setting(name, default, "float", meaning, ("ingest",), variable=name.lower())


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "COMPOSER_API_BASE_URL", "https://api.composer.trade", "text", "Composer API root (the sandbox sets its own)", ("ingest",)
    ),
    Setting(
        "COMPOSER_API_KEY",
        None,
        "text",
        "API key id, sent as `x-api-key-id`; without it `make run` uses the sandbox",
        ("ingest",),
    ),
    Setting(
        "COMPOSER_SECRET_KEY",
        None,
        "text",
        "API secret, sent as `Authorization: Bearer …`; `COMPOSER_API_SECRET` is accepted too",
        ("ingest",),
        aliases=("COMPOSER_API_SECRET",),
    ),
    Setting("COMPOSER_ACCOUNT_IDS", (), "list", "comma-separated account UUIDs to sync", ("ingest",), shown="all"),
    Setting(
        "COMPOSER_RATE_LIMIT_STANDARD",
        25.0,
        "float",
        "requests a minute for most endpoints (0 = unlimited); the client stays one under it in any 60 s",
        ("ingest",),
        shown="`25`",
    ),
    Setting(
        "COMPOSER_RATE_LIMIT_VALUES",
        500.0,
        "float",
        "requests a minute for per-symphony daily values",
        ("ingest",),
        shown="`500`",
    ),
    Setting("COMPOSER_RATE_LIMIT_BACKTEST", 500.0, "float", "requests a minute for backtests", ("ingest",), shown="`500`"),
    Setting(
        "COMPOSER_TIMEOUT_SECONDS",
        30.0,
        "float",
        "per-request deadline for the whole response (backtests get 120 s)",
        ("ingest",),
        shown="`30`",
    ),
    Setting("COMPOSER_MAX_ATTEMPTS", 6, "int", "attempts per request for 429/5xx/timeouts", ("ingest",)),
    Setting(
        "COMPOSER_ORDER_REQUESTS_LIMIT",
        1000,
        "int",
        "how many of the newest direct order requests to ask for (the endpoint has no paging; the run says so when the limit is reached)",
        ("ingest",),
    ),
    Setting("INGEST_MAX_CONCURRENCY", 8, "int", "symphonies fetched at once", ("ingest",)),
    Setting(
        "INGEST_MEMORY_MB",
        160,
        "int",
        "DuckDB's memory limit when the nightly job runs the views (artifacts, alerts), MB: beyond it DuckDB "
        "spills to a temporary folder instead of growing past the cron job's instance",
        ("ingest",),
    ),
    Setting(
        "BACKTEST_MAX_AGE_DAYS",
        7.0,
        "float",
        "a stored backtest is requested again when older than this, or when the symphony was edited",
        ("ingest",),
        shown="`7`",
    ),
    Setting(
        "INGEST_KEEP_SNAPSHOTS",
        30,
        "int",
        "snapshots kept; older ones and the files only they use are pruned (0 = keep all)",
        ("ingest",),
    ),
    Setting("REPORT_WINDOW_DAYS", 365, "int", "days per request of the trade/cash activity reports", ("ingest",)),
    Setting(
        "INGEST_FULL_REFRESH",
        False,
        "flag",
        "`true` fetches everything again instead of reusing the previous snapshot",
        ("ingest",),
    ),
    Setting("ALERTS", True, "flag", "`off` skips the alerts after `python -m ingest run`", ("ingest",)),
    Setting(
        "ALERT_URLS",
        (),
        "list",
        'secret: Apprise URLs (Discord, Slack, email, ntfy, Telegram, a JSON webhook), separated by commas or spaces; see "Alerts"',
        ("ingest",),
    ),
    _alert(
        "ALERT_DRAWDOWN",
        0.20,
        "drawdown rule: a symphony or account this far below its all-time deposit-adjusted peak (fraction)",
    ),
    _alert(
        "ALERT_NEW_MAX_DRAWDOWN",
        0.10,
        "new max drawdown rule: today is the deepest drawdown of the live history, and deeper than this",
    ),
    _alert("ALERT_VOLATILITY_DAYS", 21, "volatility spike rule: the recent window, in returns"),
    _alert("ALERT_VOLATILITY_RATIO", 2.0, "volatility spike rule: recent volatility above this many times the last year's"),
    _alert("ALERT_VOLATILITY_MAX", 1.0, "volatility spike rule: or recent annualized volatility above this level"),
    _alert("ALERT_DAILY_LOSS", 0.05, "daily loss rule: a day's loss deeper than this fraction"),
    _alert(
        "ALERT_BACKTEST_GAP",
        0.10,
        "behind backtest rule: live growth since the last edit this fraction or more behind the backtest's growth over "
        "the same days ((1 + live) / (1 + backtest) - 1), and significantly so",
    ),
    _alert("ALERT_BACKTEST_MIN_DAYS", 63, "behind backtest rule: trading days compared, at least, before it can fire"),
    _alert("ALERT_STALE_DAYS", 4, "stale data rule: calendar days after the snapshot's last trading day"),
    Setting("DASHBOARD_URL", None, "text", "the dashboard's address, for the links in alert messages", ("ingest",)),
    Setting(
        "BENCHMARK_TICKER",
        "SPY",
        "text",
        "benchmark requested with backtests and used for beta/alpha",
        ("ingest", "sql"),
        variable="benchmark_ticker",
    ),
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
