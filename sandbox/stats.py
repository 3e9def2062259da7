"""Composer's own way of computing backtest statistics (see COMPOSER_API.md).

They differ on purpose from ours in `sql/` (win rate over all days, CAGR over the number of
values, population standard deviation), so the dashboard can show the two side by side.
"""

from __future__ import annotations

import numpy as np

TRADING_DAYS = 252


def composer_stats(values: np.ndarray, first_value: float) -> dict:
    """Stats of an equity series, as fractions (0.12 = 12%), drawdown positive."""
    values = np.asarray(values, dtype=float)
    returns = np.diff(np.concatenate([[first_value], values])) / np.concatenate([[first_value], values[:-1]])
    n = values.size
    std = float(np.std(returns) * np.sqrt(TRADING_DAYS)) if n > 1 else 0.0
    mean = float(np.mean(returns)) if n else 0.0
    peak = np.maximum.accumulate(np.concatenate([[first_value], values]))
    max_dd = float(-np.min(np.concatenate([[first_value], values]) / peak - 1.0))
    growth = values[-1] / first_value if n else 1.0
    annualized = float(growth ** (TRADING_DAYS / n) - 1.0) if n else 0.0
    downside = float(np.sqrt(np.mean(np.minimum(returns, 0.0) ** 2)) * np.sqrt(TRADING_DAYS)) if n else 0.0

    def trailing(days: int) -> float:
        return float(values[-1] / values[max(0, n - 1 - days)] - 1.0) if n else 0.0

    return {
        "cumulative_return": float(growth - 1.0),
        "annualized_rate_of_return": annualized,
        "standard_deviation": std,
        "sharpe_ratio": mean * TRADING_DAYS / std if std else 0.0,
        "sortino_ratio": mean * TRADING_DAYS / downside if downside else 0.0,
        "max_drawdown": max_dd,
        "calmar_ratio": annualized / max_dd if max_dd else 0.0,
        "win_rate": float(np.mean(returns > 0)) if n else 0.0,
        "mean": mean,
        "median": float(np.median(returns)) if n else 0.0,
        "min": float(np.min(returns)) if n else 0.0,
        "max": float(np.max(returns)) if n else 0.0,
        "size": int(n),
        "trailing_one_day_return": trailing(1),
        "trailing_one_week_return": trailing(5),
        "trailing_two_week_return": trailing(10),
        "trailing_one_month_return": trailing(21),
        "trailing_three_month_return": trailing(63),
        "trailing_one_year_return": trailing(252),
    }


def relative_stats(returns: np.ndarray, benchmark: np.ndarray) -> dict:
    """Alpha, beta, r² and Pearson r of a series against a benchmark, Composer-style."""
    if returns.size < 2 or np.var(benchmark) == 0:
        return {"alpha": 0.0, "beta": 0.0, "r_square": 0.0, "pearson_r": 0.0}
    beta = float(np.cov(returns, benchmark, ddof=0)[0, 1] / np.var(benchmark))
    alpha = float((np.mean(returns) - beta * np.mean(benchmark)) * TRADING_DAYS)
    pearson = float(np.corrcoef(returns, benchmark)[0, 1])
    return {"alpha": alpha, "beta": beta, "r_square": pearson**2, "pearson_r": pearson}
