"""Pure functions from Composer JSON to Arrow tables with explicit schemas.

Each `normalize_*` takes the decoded JSON of one response and returns rows or a table; each
raises `ValidationError` with a reason a person can act on when the data cannot be trusted.
Numbers are parsed leniently ("NaN", "", None → NULL); live dates arrive as epoch milliseconds
and backtest dates as epoch-day string keys in no particular order.

One module per kind of response: fields, schemas, accounts, live_values, holdings_history,
reports, backtests."""

from __future__ import annotations

from ingest.normalize.accounts import (
    normalize_account,
    normalize_account_holdings,
    normalize_account_values,
    normalize_holdings,
    normalize_order_requests,
    normalize_symphony,
    normalize_versions,
)
from ingest.normalize.backtests import ALLOCATION_CHANGE, benchmark_values, normalize_backtest, normalize_backtest_events
from ingest.normalize.fields import (
    EPOCH,
    FIRST_BACKTEST_DAY,
    FIRST_LIVE_DAY,
    MAX_DOLLARS,
    MIN_NONZERO_DOLLARS,
    check_days,
    check_values,
    date,
    number,
    timestamp,
    today,
)
from ingest.normalize.holdings_history import (
    COMPOSER_HISTORY,
    NIGHTLY_SNAPSHOT,
    nightly_history_rows,
    normalize_holdings_history,
)
from ingest.normalize.live_values import normalize_live_values
from ingest.normalize.reports import (
    ACTIVITY_ORDER,
    CASH_KINDS,
    activity_identity,
    merge_activity,
    merge_activity_table,
    new_york_time,
    normalize_cash_report,
    normalize_trade_report,
)
from ingest.normalize.schemas import SCHEMAS, TABLES, to_table

__all__ = [
    "EPOCH",
    "MAX_DOLLARS",
    "MIN_NONZERO_DOLLARS",
    "FIRST_LIVE_DAY",
    "FIRST_BACKTEST_DAY",
    "number",
    "timestamp",
    "date",
    "check_values",
    "today",
    "check_days",
    "SCHEMAS",
    "TABLES",
    "to_table",
    "normalize_account",
    "normalize_symphony",
    "normalize_holdings",
    "normalize_account_values",
    "normalize_account_holdings",
    "normalize_order_requests",
    "normalize_versions",
    "normalize_live_values",
    "COMPOSER_HISTORY",
    "NIGHTLY_SNAPSHOT",
    "normalize_holdings_history",
    "nightly_history_rows",
    "CASH_KINDS",
    "new_york_time",
    "normalize_trade_report",
    "normalize_cash_report",
    "activity_identity",
    "merge_activity",
    "ACTIVITY_ORDER",
    "merge_activity_table",
    "normalize_backtest",
    "ALLOCATION_CHANGE",
    "normalize_backtest_events",
    "benchmark_values",
]
