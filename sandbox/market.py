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


def next_weekday(after: dt.date) -> dt.date:
    day = after + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
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


# One market: every ticker has one price per day, shared by every symphony, holding, fill and
# backtest. (first price on the calendar's first day, beta to the market, own annual volatility,
# annual drift beside beta × market); levels are in the range each ticker traded in late 2020.
TICKERS: dict[str, tuple[float, float, float, float]] = {
    "SPY": (360.0, 1.0, 0.0, 0.0),
    "VTI": (185.0, 1.02, 0.02, 0.0),
    "QQQ": (290.0, 1.2, 0.08, 0.01),
    "TQQQ": (35.0, 3.6, 0.24, -0.04),
    "UPRO": (60.0, 3.0, 0.03, -0.03),
    "SPXL": (60.0, 3.0, 0.03, -0.03),
    "SPXS": (20.0, -3.0, 0.03, -0.06),
    "SOXL": (30.0, 4.0, 0.45, 0.0),
    "BIL": (91.5, 0.0, 0.002, 0.03),
    "SHY": (86.0, -0.02, 0.015, 0.01),
    "IEF": (120.0, -0.1, 0.07, -0.01),
    "TLT": (160.0, -0.2, 0.15, -0.05),
    "TIP": (127.0, 0.05, 0.05, 0.0),
    "GLD": (175.0, 0.1, 0.14, 0.06),
    "DBC": (13.0, 0.4, 0.18, 0.08),
    "XLK": (120.0, 1.2, 0.1, 0.02),
    "XLE": (36.0, 0.8, 0.25, 0.1),
    "XLF": (26.0, 1.1, 0.12, 0.02),
    "XLV": (110.0, 0.7, 0.1, 0.0),
    "XLU": (62.0, 0.5, 0.13, 0.0),
    "SVXY": (45.0, 1.5, 0.3, 0.05),
    "VIXY": (15.0, -3.0, 0.5, -0.6),
    "TAIL": (16.0, -0.5, 0.08, -0.04),
    "SCHD": (60.0, 0.8, 0.08, 0.02),
    "VIG": (140.0, 0.85, 0.06, 0.01),
    "DGRO": (44.0, 0.85, 0.06, 0.01),
    "HDV": (85.0, 0.7, 0.09, 0.01),
    "NVDA": (130.0, 1.8, 0.4, 0.3),
    "MSFT": (210.0, 1.1, 0.18, 0.05),
    "AAPL": (115.0, 1.2, 0.2, 0.03),
    "AMZN": (155.0, 1.2, 0.25, 0.0),
    "BTC": (18_000.0, 1.0, 0.6, 0.3),
    "ETH": (550.0, 1.3, 0.75, 0.3),
    "SOL": (2.0, 1.6, 1.1, 0.5),
    "USDC": (1.0, 0.0, 0.0, 0.0),
}


def ticker_prices(seed: int, ticker: str, market: np.ndarray) -> np.ndarray:
    """The daily closing prices of one ticker over the calendar (SPY follows the market exactly,
    so the benchmark in every backtest is the SPY a trader knows from this market)."""
    first, beta, vol, drift = TICKERS.get(ticker, (50.0, 1.0, 0.2, 0.0))
    rng = np.random.default_rng([seed, 11, *ticker.encode()])
    own = rng.standard_normal(market.size) * vol / np.sqrt(TRADING_DAYS)
    returns = np.clip(beta * market + own + drift / TRADING_DAYS, -0.9, 2.0)
    if ticker == "SPY":
        returns = market.copy()
    returns[0] = 0.0
    return first * np.cumprod(1.0 + returns)
