"""The page queries about one symphony, or the symphonies a page picked: like readers.py, each
runs a file of `sql/pages/` for a report over the lake it is given, cached per snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from webapp.report import EVERYTHING, Report
from webapp.store.cache import cached
from webapp.store.readers import run, scope

if TYPE_CHECKING:
    from webapp.store.lake_data import Lake


# one symphony ----------------------------------------------------------------------------------


def _one_symphony(name: str, lake: Lake, symphony_id: str, report: Report) -> pd.DataFrame:
    return run(lake, name, scope(lake, report), symphony_id=symphony_id)


@cached
def pnl(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("pnl", lake, symphony_id, report)


@cached
def since_edit(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("since_edit", lake, symphony_id, report)


@cached
def live_vs_backtest(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("live_vs_backtest", lake, symphony_id, report)


@cached
def equity(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("equity", lake, symphony_id, report)


@cached
def backtest_drift(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("backtest_drift", lake, symphony_id, report)


@cached
def backtest_cone(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("backtest_cone", lake, symphony_id, report)


@cached
def underwater(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("underwater", lake, symphony_id, report)


@cached
def worst_drawdowns(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("worst_drawdowns", lake, symphony_id, report)


@cached
def drawdown_episodes(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("drawdown_episodes", lake, symphony_id, report)


@cached
def yearly(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("yearly", lake, symphony_id, report)


@cached
def monthly(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("monthly", lake, symphony_id, report)


@cached
def rolling(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("rolling", lake, symphony_id, report)


@cached
def daily_returns(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("daily_returns", lake, symphony_id, report)


@cached
def holdings(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("holdings", lake, symphony_id, report)


@cached
def edits(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("edits", lake, symphony_id, report)


@cached
def rebalances(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("rebalances", lake, symphony_id, report)


@cached
def trades(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    """What it traded, from its holdings, beside the account's fills (pages/trades.sql)."""
    return _one_symphony("trades", lake, symphony_id, report)


@cached
def trade_markers(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("trade_markers", lake, symphony_id, report)


@cached
def allocation_history(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("allocation_history", lake, symphony_id, report)


@cached
def turnover(lake: Lake, symphony_id: str, report: Report = EVERYTHING) -> pd.DataFrame:
    return _one_symphony("turnover", lake, symphony_id, report)


@cached
def holdings_history_span(lake: Lake, symphony_id: str) -> pd.DataFrame:
    """Where its holdings history comes from (origin) and the days it covers."""
    return _one_symphony("holdings_history_span", lake, symphony_id, EVERYTHING)


@cached
def set_aside(lake: Lake, symphony_id: str) -> pd.DataFrame:
    """The symphony's parts the snapshot's run set aside."""
    return _one_symphony("set_aside", lake, symphony_id, EVERYTHING)


# picked symphonies ---------------------------------------------------------------------------


def _picked(name: str, lake: Lake, symphony_ids: tuple[str, ...], report: Report) -> pd.DataFrame:
    return run(lake, name, scope(lake, report), symphony_ids=list(symphony_ids))


@cached
def compare_equity(lake: Lake, symphony_ids: tuple[str, ...], report: Report = EVERYTHING) -> pd.DataFrame:
    return _picked("compare_equity", lake, symphony_ids, report)


@cached
def compare_drawdowns(lake: Lake, symphony_ids: tuple[str, ...], report: Report = EVERYTHING) -> pd.DataFrame:
    return _picked("compare_drawdowns", lake, symphony_ids, report)


@cached
def compare_correlations(lake: Lake, symphony_ids: tuple[str, ...], report: Report = EVERYTHING) -> pd.DataFrame:
    return _picked("compare_correlations", lake, symphony_ids, report)


@cached
def compare_deflated(lake: Lake, symphony_ids: tuple[str, ...], report: Report = EVERYTHING) -> pd.DataFrame:
    return _picked("compare_deflated", lake, symphony_ids, report)
