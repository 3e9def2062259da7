"""Reference values of the metrics (empyrical-reloaded, quantstats, scipy) and the comparison."""

from __future__ import annotations

import math

import empyrical
import numpy as np
import pandas as pd
import quantstats as qs

REL, ABS = 1e-9, 1e-12


def assert_matches(ours: float | None, reference: float, what: str, rel: float = REL) -> None:
    if reference is None or not math.isfinite(reference):
        assert ours is None, f"{what}: reference is {reference}, ours {ours} (should be NULL)"
    else:
        assert ours is not None, f"{what}: ours is NULL, reference {reference}"
        assert math.isclose(ours, reference, rel_tol=rel, abs_tol=ABS), f"{what}: ours {ours!r} != reference {reference!r}"


def constant(r: pd.Series, tolerance: float = 1e-3) -> bool:
    """The views' constant_returns() (sql/macros/constant_returns.sql): fewer than 2 returns, or
    a daily standard deviation under 1e-6 or under `tolerance` of the mean return's size."""
    return len(r) < 2 or r.std(ddof=1) < 1e-6 or r.std(ddof=1) < tolerance * abs(r.mean())


def reference_metrics(returns: np.ndarray, bench: np.ndarray | None, rf_daily: float = 0.0) -> dict[str, float]:
    r = pd.Series(returns)
    ref = {
        # constant returns (rounding noise about a constant series) have no Sharpe or Sortino ratio
        "sharpe": empyrical.sharpe_ratio(r, risk_free=rf_daily) if not constant(r) else math.nan,
        "sortino": empyrical.sortino_ratio(r, required_return=rf_daily) if not constant(r) else math.nan,
        "max_drawdown": empyrical.max_drawdown(r),
        "cagr": empyrical.annual_return(r),
        # a variance under 1e-24 is floating-point noise: zero (sql/macros/series_metrics_of_sums.sql)
        "volatility": (empyrical.annual_volatility(r) if r.var(ddof=0) >= 1e-24 else 0.0) if len(r) >= 2 else math.nan,
        # a drawdown under 1e-12 is rounding noise: no drawdown, no Calmar ratio
        "calmar": empyrical.calmar_ratio(r) if empyrical.max_drawdown(r) < -1e-12 else math.nan,
        "win_rate": qs.stats.win_rate(r) if (r != 0).any() else math.nan,
        "total_return": empyrical.cum_returns_final(r),
        "best_day": r.max(),
        "worst_day": r.min(),
    }
    if bench is not None:
        ref["beta"] = empyrical.beta(r, pd.Series(bench), risk_free=rf_daily)
        ref["alpha"] = empyrical.alpha(r, pd.Series(bench), risk_free=rf_daily)
    if ref["max_drawdown"] == 0:
        ref["max_drawdown"] = 0.0
    return ref


def check_all(ours: dict, reference: dict) -> None:
    for name, expected in reference.items():
        rel = REL
        if name == "calmar" and reference["max_drawdown"]:
            # a drawdown is a difference of numbers near 1, known to ~4e-16 absolute (empyrical
            # loses those bits in 1 + r); dividing by a tiny drawdown magnifies that to ~4e-16/|dd|
            rel = max(REL, 4e-16 / abs(reference["max_drawdown"]))
        assert_matches(ours[name], float(expected) if expected is not None else None, name, rel)


EULER = 0.5772156649015329
