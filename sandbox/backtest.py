"""The backtest response: equity of the symphony and of each benchmark, keyed by epoch day."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

import numpy as np

from sandbox import market
from sandbox.stats import composer_stats, relative_stats

if TYPE_CHECKING:
    from sandbox.account import Symphony, SyntheticAccount

CAPITAL = 10_000.0


def _window(account: SyntheticAccount, sym: Symphony, start: dt.date | None, end: dt.date | None) -> slice:
    default_start = max(0, sym.live_start_index - 3 * market.TRADING_DAYS)
    lo = (
        default_start if start is None else next((i for i, d in enumerate(account.calendar) if d >= start), len(account.calendar))
    )
    hi_date = end or account.as_of
    hi = max((i for i, d in enumerate(account.calendar) if d <= hi_date), default=-1)
    return slice(lo, hi + 1)


def _keyed_unordered(seed: int, days: list[dt.date], values: np.ndarray) -> dict[str, float]:
    """Epoch-day string keys in a shuffled order, as the real API sends them."""
    order = np.random.default_rng([seed, 6, len(days)]).permutation(len(days))
    return {str(market.epoch_day(days[i])): round(float(values[i]), 2) for i in order}


def _weights_by_ticker(account: SyntheticAccount, sym: Symphony, window: slice) -> dict[str, dict[str, float]]:
    """tdvm_weights: {ticker: {epoch_day: weight}} on the days the ticker is held, as Composer
    sends them (a ticker out of the portfolio has no entry that day)."""
    day_indexes = np.arange(window.start, window.stop)
    weights = account.weights_over(sym.index, day_indexes)
    epoch_days = np.array([market.epoch_day(account.calendar[i]) for i in day_indexes], dtype=np.int64)
    out: dict[str, dict[str, float]] = {}
    for k, ticker in enumerate(sym.style.tickers):
        held = weights[:, k] > 0
        if held.any():
            out[ticker] = dict(zip(map(str, epoch_days[held].tolist()), weights[held, k].tolist()))
    return out


def backtest_payload(
    account: SyntheticAccount, sym: Symphony, start: dt.date | None, end: dt.date | None, benchmarks: list[str]
) -> dict:
    window = _window(account, sym, start, end)
    days = account.calendar[window]
    returns = account.strategy_returns(sym.index)[window].copy()
    if returns.size:
        returns[0] = 0.0
    equity = CAPITAL * np.cumprod(1.0 + returns)
    stats = composer_stats(equity, CAPITAL) if returns.size else {}
    series = {sym.id: _keyed_unordered(account.seed, days, equity)}
    legend = {sym.id: {"name": sym.name}}
    bench_stats = {}
    for ticker in benchmarks:
        prices = account.prices(ticker)[window]
        bench_equity = CAPITAL * prices / prices[0] if prices.size else prices
        series[ticker] = _keyed_unordered(account.seed, days, bench_equity)
        legend[ticker] = {"name": ticker}
        if returns.size:
            bench_returns = np.diff(prices) / prices[:-1]
            bench_stats[ticker] = {**composer_stats(bench_equity, CAPITAL), "percent": relative_stats(returns[1:], bench_returns)}
    weights = account.weights_on(sym.index, window.stop - 1) if returns.size else np.zeros(len(sym.style.tickers))
    last_value = float(equity[-1]) if returns.size else CAPITAL
    rebalances, targets = account.allocations(sym.index)
    inside = (rebalances >= window.start) & (rebalances < window.stop)
    return {
        "first_day": market.epoch_day(days[0]) if days else None,
        "last_market_day": market.epoch_day(days[-1]) if days else None,
        "last_market_days_value": round(last_value, 2),
        "last_market_days_holdings": {
            **{
                t: round(last_value * w / account.price_on(t, window.stop - 1), 6)
                for t, w in zip(sym.style.tickers, weights)
                if w
            },
            "$USD": 0.0,
        },
        "legend": legend,
        "data_warnings": {},
        "costs": {
            "reg_fee": 1.2,
            "taf_fee": 0.4,
            "slippage": round(0.0005 * last_value * len(days) / 50, 2),
            "spread_markup": 0.0,
            "subscription": 0.0,
        },
        "dvm_capital": series,
        "tdvm_weights": _weights_by_ticker(account, sym, window),
        "rebalance_days": [market.epoch_day(account.calendar[i]) for i in rebalances[inside]],
        "active_asset_nodes": {
            str(uuid.UUID(int=sym.index * 1000 + k, version=4)): float(w) for k, w in enumerate(targets[-1]) if w
        }
        if returns.size
        else {},
        "stats": {**stats, "benchmarks": bench_stats},
    }
