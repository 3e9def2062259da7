"""The settings only the nightly job reads: Composer's API, the sync, and the alerts (see
settings/__init__.py; catalog.py has the rest and the order of the README's table)."""

from __future__ import annotations

from settings import Setting


def _alert(name: str, default: float, meaning: str) -> Setting:
    return Setting(name, default, "float", meaning, ("ingest",), variable=name.lower())


INGEST_SETTINGS: tuple[Setting, ...] = (
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
        "LIVE_INTERVAL_SECONDS",
        300.0,
        "float",
        "`python -m ingest live`: seconds between intraday readings (each costs two requests per account)",
        ("ingest",),
        shown="`300`",
    ),
    Setting(
        "LIVE_PREVIEW_MINUTES",
        30,
        "int",
        "`python -m ingest live`: minutes before the close at which Composer's dry run previews the day's rebalance trades, once a day (15:30 ET on a full day; 0 = no preview)",
        ("ingest",),
    ),
    Setting(
        "LIVE_KEEP_DAYS",
        30,
        "int",
        "`python -m ingest live`: market days of intraday readings kept in the lake (older ones are deleted)",
        ("ingest",),
    ),
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
        "HOLDINGS_WINDOW_DAYS",
        30,
        "int",
        "days per request of `symphony-historical-holdings` (Composer's own default span; the first run reads from the first symphony's start, later runs from the last day stored)",
        ("ingest",),
    ),
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
)
