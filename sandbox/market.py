"""Trading calendar and seeded daily return series for the synthetic account."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

TRADING_DAYS = 252
EPOCH = dt.date(1970, 1, 1)


def trading_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Weekdays from start to end inclusive (market holidays are not modelled)."""
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def last_weekday(on_or_before: dt.date) -> dt.date:
    day = on_or_before
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def epoch_ms(day: dt.date) -> int:
    """UTC midnight of the day in milliseconds, as Composer's live series encode dates."""
    return (day - EPOCH).days * 86_400_000


def epoch_day(day: dt.date) -> int:
    """Days since 1970-01-01, as Composer's backtests encode dates."""
    return (day - EPOCH).days


@dataclass(frozen=True)
class Style:
    """How a strategy behaves: annual drift and volatility, market beta, fat tails."""

    label: str
    annual_return: float
    annual_vol: float
    beta: float
    tail_df: float
    asset_class: str
    tickers: tuple[str, ...]
    rebalance: str = "daily"


def market_returns(seed: int, n_days: int) -> np.ndarray:
    """SPY-like daily returns: ~10% a year, ~18% volatility, Student-t tails."""
    rng = np.random.default_rng([seed, 0])
    shocks = rng.standard_t(df=4, size=n_days) / np.sqrt(2.0)
    return 0.10 / TRADING_DAYS + 0.18 / np.sqrt(TRADING_DAYS) * shocks


def strategy_returns(seed: int, index: int, style: Style, market: np.ndarray) -> np.ndarray:
    """Daily returns of one strategy: beta to the market plus its own fat-tailed noise."""
    rng = np.random.default_rng([seed, 1, index])
    market_vol = 0.18
    own_vol = max(style.annual_vol**2 - (style.beta * market_vol) ** 2, (0.2 * style.annual_vol) ** 2) ** 0.5
    scale = np.sqrt(style.tail_df / (style.tail_df - 2.0))
    shocks = rng.standard_t(df=style.tail_df, size=market.size) / scale
    drift = style.annual_return / TRADING_DAYS - style.beta * 0.10 / TRADING_DAYS
    returns = drift + style.beta * market + own_vol / np.sqrt(TRADING_DAYS) * shocks
    return np.clip(returns, -0.6, 1.5)


def tracking_noise(seed: int, index: int, n_days: int) -> np.ndarray:
    """Small daily differences between live fills and the backtest (slippage, timing)."""
    rng = np.random.default_rng([seed, 2, index])
    return rng.normal(-0.00005, 0.0015, size=n_days)
