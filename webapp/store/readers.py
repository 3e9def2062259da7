"""One function per page query: each runs a file of `sql/pages/` over a report scope and returns
a DataFrame, cached per snapshot (`@cached`). Pages call these, never SQL.

The SQL files hold no metric logic (that lives in the views); parameters are bound by name
(`$symphony_id`), the report period and account come from the Scope argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from sql import duck
from webapp.formatting import symphony_colours as symphony_colours_of
from webapp.report_scope import ALL_HISTORY, Scope
from webapp.store.cache import cached

PAGE_SQL = {path.stem: path.read_text() for path in sorted((duck.SQL_DIR / "pages").glob("*.sql"))}


def run(name: str, scope: Scope = ALL_HISTORY, **params: object) -> pd.DataFrame:
    """sql/pages/<name>.sql over `scope` (not cached: the named readers below are)."""
    from webapp.store import store

    return store().execute(PAGE_SQL[name], scope, params)


def _per_symphony(name: str) -> Callable[[str, Scope], pd.DataFrame]:
    """The reader of a page query about one symphony (`$symphony_id`)."""

    def read(symphony_id: str, scope: Scope = ALL_HISTORY) -> pd.DataFrame:
        return run(name, scope, symphony_id=symphony_id)

    read.__name__ = read.__qualname__ = name
    read.__doc__ = f"sql/pages/{name}.sql for one symphony over the scope."
    return cached(read)


def _per_selection(name: str) -> Callable[[tuple[str, ...], Scope], pd.DataFrame]:
    """The reader of a page query about picked symphonies (`$symphony_ids`)."""

    def read(symphony_ids: tuple[str, ...], scope: Scope = ALL_HISTORY) -> pd.DataFrame:
        return run(name, scope, symphony_ids=list(symphony_ids))

    read.__name__ = read.__qualname__ = name
    read.__doc__ = f"sql/pages/{name}.sql for the picked symphonies over the scope."
    return cached(read)


def _over_scope(name: str) -> Callable[[Scope], pd.DataFrame]:
    """The reader of a page query with no parameter but the scope."""

    def read(scope: Scope = ALL_HISTORY) -> pd.DataFrame:
        return run(name, scope)

    read.__name__ = read.__qualname__ = name
    read.__doc__ = f"sql/pages/{name}.sql over the scope."
    return cached(read)


# the whole snapshot ----------------------------------------------------------------------------


@cached
def symphony_names() -> dict[str, str]:
    frame = run("symphony_names")
    return dict(zip(frame["symphony_id"], frame["name"]))


@cached
def symphony_colours() -> dict[str, str]:
    """Every symphony's colour on every chart (formatting.symphony_colours, in sql/pages/symphony_order.sql's order)."""
    return symphony_colours_of(run("symphony_order")["symphony_id"])


@cached
def symphony_accounts() -> dict[str, str]:
    """The account each symphony trades in."""
    frame = run("symphony_accounts")
    return dict(zip(frame["symphony_id"], frame["account_id"]))


@cached
def accounts() -> dict[str, str]:
    """Every account of the snapshot: its id and its type (INDIVIDUAL, ROTH_IRA, ...)."""
    frame = run("accounts")
    return dict(zip(frame["account_id"], frame["account_type"]))


@cached
def data_span() -> tuple[dt.date | None, dt.date | None]:
    """The first and last trading day in the snapshot (presets count back from the last)."""
    first, last = run("data_span").iloc[0]
    return (None if pd.isna(first) else first.date(), None if pd.isna(last) else last.date())


@cached
def trading_days_between(first_day: dt.date, last_day: dt.date) -> int:
    return int(run("trading_days_between", first_day=first_day, last_day=last_day)["days"].iloc[0])


quarantined = _over_scope("quarantined")

# one report scope --------------------------------------------------------------------------------

leaderboard = _over_scope("leaderboard")
trends = _over_scope("trends")
symphonies_in_scope = _over_scope("symphonies_in_scope")
account_kpis = _over_scope("account_kpis")
account_series = _over_scope("account_series")
account_flows = _over_scope("account_flows")
account_returns = _over_scope("account_returns")
allocation = _over_scope("allocation")
activity_count = _over_scope("activity_count")
money_weighted = _over_scope("money_weighted")  # every symphony: a strategy page picks its row
net_deposits = _over_scope("net_deposits")  # the same


@cached
def activity_newest(rows: int, scope: Scope = ALL_HISTORY) -> pd.DataFrame:
    """The newest `rows` fills and cash events (the page's grid)."""
    return run("activity", scope, row_limit=rows)


def activity_all(scope: Scope = ALL_HISTORY) -> pd.DataFrame:
    """Every fill and cash event of the scope, for the CSV download (not cached: read once)."""
    return run("activity", scope, row_limit=None)


@cached
def contributions(top: int, scope: Scope = ALL_HISTORY) -> pd.DataFrame:
    return run("contributions", scope, top=top)


@cached
def what_if_candidates(rows: int, scope: Scope = ALL_HISTORY) -> pd.DataFrame:
    return run("what_if_candidates", scope, row_limit=rows)


def what_if(weights: tuple[tuple[str, float], ...], scope: Scope = ALL_HISTORY) -> tuple[pd.DataFrame, ...]:
    """Metrics and growth of a blend of symphonies at the given weights, and the actual
    portfolio's growth over the same days. The weights go in a temporary table of this thread's
    cursor (bound values, nothing formatted into SQL) that the what_if_blend temp view reads.
    Not cached: the portfolio page caches what it builds from these frames."""
    from webapp.store import store

    with store().cursor() as cursor:
        cursor.execute("create or replace temp table what_if_weights (symphony_id varchar, weight double)")
        cursor.executemany("insert into what_if_weights values (?, ?)", [[k, float(v)] for k, v in weights])
        cursor.execute("create or replace temp view what_if_blend as " + PAGE_SQL["what_if_blend"])
        return tuple(
            store().execute(PAGE_SQL[name], scope, cursor=cursor)
            for name in ("what_if_metrics", "what_if_equity", "what_if_actual")
        )


# one symphony ----------------------------------------------------------------------------------

pnl = _per_symphony("pnl")
since_edit = _per_symphony("since_edit")
live_vs_backtest = _per_symphony("live_vs_backtest")
equity = _per_symphony("equity")
backtest_drift = _per_symphony("backtest_drift")
backtest_cone = _per_symphony("backtest_cone")
underwater = _per_symphony("underwater")
worst_drawdowns = _per_symphony("worst_drawdowns")
drawdown_episodes = _per_symphony("drawdown_episodes")
yearly = _per_symphony("yearly")
monthly = _per_symphony("monthly")
rolling = _per_symphony("rolling")
daily_returns = _per_symphony("daily_returns")
holdings = _per_symphony("holdings")
edits = _per_symphony("edits")
rebalances = _per_symphony("rebalances")
set_aside = _per_symphony("set_aside")  # its parts the snapshot's run set aside

# picked symphonies ---------------------------------------------------------------------------

compare_equity = _per_selection("compare_equity")
compare_drawdowns = _per_selection("compare_drawdowns")
compare_correlations = _per_selection("compare_correlations")
compare_deflated = _per_selection("compare_deflated")

# what the overview shows first, for the whole history: computed when a snapshot is loaded
# (before it is swapped in, so a view that fails on it keeps the last good one served)
FIRST_PAINT: list[tuple[Callable, tuple]] = [
    (symphony_names, ()),
    (symphony_colours, ()),
    (data_span, ()),
    (accounts, ()),
    (leaderboard, (ALL_HISTORY,)),
    (trends, (ALL_HISTORY,)),
    (account_kpis, (ALL_HISTORY,)),
    (account_series, (ALL_HISTORY,)),
]
