"""One function per page query: each runs a file of `sql/pages/` for a report over the lake it is
given and returns a DataFrame, cached per snapshot (`@cached`). Pages call these, never SQL.

The SQL files hold no metric logic (that lives in the views); parameters are bound by name
(`$symphony_id`). The report is resolved into the days and account to measure (`scope`) only
here, when a query runs, against the snapshot being read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from sql import duck
from webapp import metric_columns
from webapp.formatting import symphony_colours as symphony_colours_of
from webapp.report import ALL_HISTORY, EVERYTHING, Report, Scope
from webapp.store.cache import cached

if TYPE_CHECKING:
    from webapp.store.lake_data import Lake

PAGE_SQL = {path.stem: path.read_text() for path in sorted((duck.SQL_DIR / "pages").glob("*.sql"))}


def run(lake: Lake, name: str, scope: Scope = ALL_HISTORY, **params: object) -> pd.DataFrame:
    """sql/pages/<name>.sql over `scope` (not cached: the readers below are)."""
    return lake.execute(PAGE_SQL[name], scope, params)


def scope(lake: Lake, report: Report) -> Scope:
    """The days and account a report measures in this snapshot (a preset counts back from its
    last trading day; an account it does not have is every account)."""
    return report.scope(data_span(lake)[1], accounts(lake))


# the whole snapshot ----------------------------------------------------------------------------


@cached
def symphony_names(lake: Lake) -> dict[str, str]:
    frame = run(lake, "symphony_names")
    return dict(zip(frame["symphony_id"], frame["name"]))


@cached
def symphony_colours(lake: Lake) -> dict[str, str]:
    """Every symphony's colour on every chart (formatting.symphony_colours, in sql/pages/symphony_order.sql's order)."""
    return symphony_colours_of(run(lake, "symphony_order")["symphony_id"])


@cached
def symphony_accounts(lake: Lake) -> dict[str, str]:
    """The account each symphony trades in."""
    frame = run(lake, "symphony_accounts")
    return dict(zip(frame["symphony_id"], frame["account_id"]))


@cached
def accounts(lake: Lake) -> dict[str, str]:
    """Every account of the snapshot: its id and its type (INDIVIDUAL, ROTH_IRA, ...)."""
    frame = run(lake, "accounts")
    return dict(zip(frame["account_id"], frame["account_type"]))


@cached
def data_span(lake: Lake) -> tuple[dt.date | None, dt.date | None]:
    """The first and last trading day in the snapshot (presets count back from the last)."""
    first, last = run(lake, "data_span").iloc[0]
    return (None if pd.isna(first) else first.date(), None if pd.isna(last) else last.date())


@cached
def trading_days_between(lake: Lake, first_day: dt.date, last_day: dt.date) -> int:
    return int(run(lake, "trading_days_between", first_day=first_day, last_day=last_day)["days"].iloc[0])


@cached
def metric_definitions(lake: Lake) -> dict[str, str]:
    """What each column of symphony_metrics measures: its comment in the view file served
    (metric_columns.definitions fills in the annualization factor)."""
    frame = lake.execute(
        "select column_name, comment from duckdb_columns() where table_name = 'symphony_metrics' and comment is not null"
    )
    return metric_columns.definitions(dict(zip(frame["column_name"], frame["comment"])), lake.config.metrics.periods_per_year)


def quarantined(lake: Lake) -> pd.DataFrame:
    """What the snapshot's run set aside (not cached: the shell caches the notice built from it)."""
    return run(lake, "quarantined")


# one report ------------------------------------------------------------------------------------


@cached
def leaderboard(lake: Lake, report: Report = EVERYTHING) -> pd.DataFrame:
    return run(lake, "leaderboard", scope(lake, report))


@cached
def trends(lake: Lake, report: Report = EVERYTHING) -> pd.DataFrame:
    return run(lake, "trends", scope(lake, report))


@cached
def symphonies_in_scope(lake: Lake, report: Report = EVERYTHING) -> pd.DataFrame:
    return run(lake, "symphonies_in_scope", scope(lake, report))


@cached
def account_kpis(lake: Lake, report: Report = EVERYTHING) -> pd.DataFrame:
    return run(lake, "account_kpis", scope(lake, report))


@cached
def account_series(lake: Lake, report: Report = EVERYTHING) -> pd.DataFrame:
    return run(lake, "account_series", scope(lake, report))


@cached
def account_flows(lake: Lake, report: Report = EVERYTHING) -> pd.DataFrame:
    return run(lake, "account_flows", scope(lake, report))


@cached
def account_returns(lake: Lake, report: Report = EVERYTHING) -> pd.DataFrame:
    return run(lake, "account_returns", scope(lake, report))


@cached
def allocation(lake: Lake, report: Report = EVERYTHING) -> pd.DataFrame:
    return run(lake, "allocation", scope(lake, report))


@cached
def activity_count(lake: Lake, report: Report = EVERYTHING) -> pd.DataFrame:
    return run(lake, "activity_count", scope(lake, report))


@cached
def money_weighted(lake: Lake, report: Report = EVERYTHING) -> pd.DataFrame:
    """Every symphony's money-weighted return: a strategy page picks its row."""
    return run(lake, "money_weighted", scope(lake, report))


@cached
def net_deposits(lake: Lake, report: Report = EVERYTHING) -> pd.DataFrame:
    """Every symphony's deposits and withdrawals in the period: a strategy page picks its row."""
    return run(lake, "net_deposits", scope(lake, report))


@cached
def unexplained_fills(lake: Lake, report: Report = EVERYTHING) -> pd.DataFrame:
    """The account's fills no symphony's holdings explain (trade_reconciliation's remainder)."""
    return run(lake, "unexplained_fills", scope(lake, report))


@cached
def activity_newest(lake: Lake, rows: int, report: Report = EVERYTHING) -> pd.DataFrame:
    """The newest `rows` fills and cash events (the page's grid)."""
    return run(lake, "activity", scope(lake, report), row_limit=rows)


def activity_all(lake: Lake, report: Report = EVERYTHING) -> pd.DataFrame:
    """Every fill and cash event of the report, for the CSV download (not cached: read once)."""
    return run(lake, "activity", scope(lake, report), row_limit=None)


@cached
def contributions(lake: Lake, top: int, report: Report = EVERYTHING) -> pd.DataFrame:
    return run(lake, "contributions", scope(lake, report), top=top)


@cached
def what_if_candidates(lake: Lake, rows: int, report: Report = EVERYTHING) -> pd.DataFrame:
    return run(lake, "what_if_candidates", scope(lake, report), row_limit=rows)


def what_if(lake: Lake, weights: tuple[tuple[str, float], ...], report: Report = EVERYTHING) -> tuple[pd.DataFrame, ...]:
    """Metrics and growth of a blend of symphonies at the given weights, and the actual
    portfolio's growth over the same days. The weights go in a temporary table of this thread's
    cursor (bound values, nothing formatted into SQL) that the what_if_blend temp view reads.
    Not cached: the portfolio page caches what it builds from these frames."""
    measured = scope(lake, report)
    with lake.cursor() as cursor:
        cursor.execute("create or replace temp table what_if_weights (symphony_id varchar, weight double)")
        cursor.executemany("insert into what_if_weights values (?, ?)", [[k, float(v)] for k, v in weights])
        cursor.execute("create or replace temp view what_if_blend as " + PAGE_SQL["what_if_blend"])
        return tuple(
            lake.execute(PAGE_SQL[name], measured, cursor=cursor)
            for name in ("what_if_metrics", "what_if_equity", "what_if_actual")
        )


# what the overview shows first, for the whole history: computed when a snapshot is loaded
# (before it is swapped in, so a view that fails on it keeps the last good one served)
FIRST_PAINT: list[tuple[Callable, tuple]] = [
    (symphony_names, ()),
    (symphony_colours, ()),
    (data_span, ()),
    (accounts, ()),
    (metric_definitions, ()),
    (leaderboard, (EVERYTHING,)),
    (trends, (EVERYTHING,)),
    (account_kpis, (EVERYTHING,)),
    (account_series, (EVERYTHING,)),
]
