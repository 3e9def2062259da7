"""empyrical-reloaded's own expected values (its tests/test_stats.py, fixtures of its
tests/conftest.py), run through our views and held to its 8 decimals.

Our series start with a day that has a value but no return; empyrical's `mixed_returns` fixture
starts with NaN, which is exactly that day. Where empyrical's figure is inf or NaN the metric
is undefined and the view returns NULL.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sql.duck import MetricParameters
from tests.helpers.metric_lake import business_days, query_metrics, values_from_returns, write_lake

FIXTURES = {
    "simple_benchmark": np.array([0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]) / 100,
    "positive_returns": np.array([1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]) / 100,
    "negative_returns": np.array([0.0, -6.0, -7.0, -1.0, -9.0, -2.0, -6.0, -8.0, -5.0]) / 100,
    "all_negative_returns": np.array([-2.0, -6.0, -7.0, -1.0, -9.0, -2.0, -6.0, -8.0, -5.0]) / 100,
    "mixed_returns": np.array([1.0, 10.0, -4.0, 2.0, 3.0, 2.0, 1.0, -10.0]) / 100,  # after the leading NaN
    "weekly_returns": np.array([0.0, 1.0, 10.0, -4.0, 2.0, 3.0, 2.0, 1.0, -10.0]) / 100,
    "monthly_returns": np.array([0.0, 1.0, 10.0, -4.0, 2.0, 3.0, 2.0, 1.0, -10.0]) / 100,
    "one_return": np.array([1.0]) / 100,
    "udu_returns": np.array([10, -10, 10]) / 100,
    "flat_line_1": np.full(9, 0.01),
    "flat_line_1_tz": np.full(1000, 0.01),
    "df_simple.one": np.array(
        [-0.00171614, 0.01322056, 0.03063862, -0.01422057, -0.00489779, 0.01268925, -0.03357711, 0.01797036]
    ),
    "df_simple.two": np.array([0.01846232, 0.00793951, -0.01448395, 0.00422537, -0.00339611, 0.03756813, 0.0151531, 0.03549769]),
}
PERIODS = {"weekly_returns": 52, "monthly_returns": 12}
NOISE = np.random.RandomState(1337).normal(0, 0.001, 1000)  # conftest's first draw from RandomState(1337)

CASES = [
    # (metric, fixture, expected) from test_max_drawdown, test_annual_ret, test_annual_volatility,
    # test_calmar, test_sharpe_ratio, test_sortino and test_cagr
    ("max_drawdown", "one_return", 0.0),
    ("max_drawdown", "simple_benchmark", 0.0),
    ("max_drawdown", "mixed_returns", -0.1),
    ("max_drawdown", "positive_returns", -0.0),
    ("max_drawdown", "negative_returns", -0.36590730),
    ("max_drawdown", "all_negative_returns", -0.378589157),
    ("max_drawdown", "udu_returns", -0.10),
    ("cagr", "weekly_returns", 0.24690830513998208),
    ("cagr", "monthly_returns", 0.052242061386048144),
    ("cagr", "one_return", 11.274002099240244),
    ("cagr", "flat_line_1_tz", 11.274002099240256),
    ("volatility", "flat_line_1_tz", 0.0),
    ("volatility", "mixed_returns", 0.9136465399704637),
    ("volatility", "weekly_returns", 0.38851569394870583),
    ("volatility", "monthly_returns", 0.18663690238892558),
    ("calmar", "one_return", math.nan),
    ("calmar", "weekly_returns", 2.4690830513998208),
    ("calmar", "monthly_returns", 0.52242061386048144),
    ("sharpe", "one_return", math.nan),
    ("sharpe", "mixed_returns", 1.7238613961706866),
    ("sharpe", "positive_returns", 52.915026221291804),
    ("sharpe", "negative_returns", -24.406808633910085),
    ("sharpe", "flat_line_1", math.inf),
    ("sortino", "one_return", math.nan),
    ("sortino", "mixed_returns", 2.605531251673693),
    ("sortino", "positive_returns", math.inf),
    ("sortino", "negative_returns", -13.532743075043401),
    ("sortino", "simple_benchmark", math.inf),
    ("sortino", "weekly_returns", 1.1158901056866439),
    ("sortino", "monthly_returns", 0.53605626741889756),
    ("sortino", "df_simple.one", 3.0639640966566306),
    ("sortino", "df_simple.two", 38.090963117002495),
]


def metrics_for(tmp_path, returns: np.ndarray, periods: int = 252, benchmark: np.ndarray | None = None) -> dict:
    dates = business_days(len(returns) + 1)
    bench = (dates, values_from_returns(benchmark, 100.0)) if benchmark is not None else None
    write_lake(tmp_path, {"s": {"dates": dates, "adjusted": values_from_returns(returns)}}, bench)
    return query_metrics(tmp_path, MetricParameters(periods_per_year=periods))["s"]


def assert_8_decimals(ours: float | None, expected: float) -> None:
    if not math.isfinite(expected):
        assert ours is None
    else:
        assert ours is not None and abs(ours - expected) < 1.5e-8, (ours, expected)


@pytest.mark.parametrize(("metric", "fixture", "expected"), CASES, ids=[f"{m}-{f}" for m, f, _ in CASES])
def test_view_reproduces_empyrical_expected_value(tmp_path, metric, fixture, expected):
    ours = metrics_for(tmp_path, FIXTURES[fixture], PERIODS.get(fixture, 252))
    assert_8_decimals(ours[metric], expected)


@pytest.mark.parametrize(
    ("returns", "benchmark", "alpha", "beta"),
    [
        (FIXTURES["mixed_returns"], FIXTURES["negative_returns"][1:], -0.9997853834885004, -0.71296296296296313),
        (FIXTURES["mixed_returns"], FIXTURES["mixed_returns"], 0.0, 1.0),
        (FIXTURES["mixed_returns"], -FIXTURES["mixed_returns"], 0.0, -1.0),
        (NOISE, NOISE, None, 1.0),
        (2 * NOISE, NOISE, None, 2.0),
        (NOISE, -NOISE, None, -1.0),
        (2 * NOISE, -NOISE, None, -2.0),
    ],
    ids=["mixed-vs-negative", "mixed-vs-mixed", "mixed-vs-inverse", "noise", "2noise", "noise-vs-inverse", "2noise-vs-inverse"],
)
def test_view_reproduces_empyrical_alpha_and_beta(tmp_path, returns, benchmark, alpha, beta):
    ours = metrics_for(tmp_path, returns, benchmark=benchmark)
    assert_8_decimals(ours["beta"], beta)
    if alpha is not None:
        assert_8_decimals(ours["alpha"], alpha)


def test_cagr_counts_returns_not_empyricals_leading_nan(tmp_path):
    """empyrical's 1.9135925373194231 for mixed_returns counts the leading NaN as a ninth period;
    ours counts the eight returns (DESIGN.md: n = number of returns)."""
    ours = metrics_for(tmp_path, FIXTURES["mixed_returns"])
    growth = 1 + ours["total_return"]
    assert abs(growth ** (252 / 9) - 1 - 1.9135925373194231) < 1.5e-8
    assert ours["cagr"] == pytest.approx(growth ** (252 / 8) - 1, rel=1e-12)
