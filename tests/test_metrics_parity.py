"""symphony_metrics equals empyrical-reloaded (and quantstats for win rate) on the same returns.

Every comparison goes through the real views over a real lake. Tolerance: 1e-9 relative (and
1e-12 absolute for values that are zero or nearly so). Where a reference gives inf or NaN the
metric is undefined and the view must return NULL.
"""

from __future__ import annotations

import pathlib
import tempfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sql.duck import MetricParameters
from tests.helpers.metric_lake import business_days, query, query_metrics, returns_of, values_from_returns, write_lake
from tests.helpers.references import assert_matches, check_all, reference_metrics


def lake_with(tmp_path, returns: np.ndarray, bench_returns: np.ndarray | None = None, gaps: bool = False, **extra) -> dict:
    dates = business_days(len(returns) + 1, gaps=gaps)
    adjusted = values_from_returns(returns)
    benchmark = (dates, values_from_returns(bench_returns, 400.0)) if bench_returns is not None else None
    write_lake(tmp_path, {"s1": {"dates": dates, "adjusted": adjusted, **extra}}, benchmark)
    return {"adjusted": adjusted, "benchmark": benchmark}


def test_metrics_match_references_on_a_realistic_series(tmp_path):
    rng = np.random.default_rng(1)
    bench = rng.normal(0.0004, 0.011, 756)
    returns = 0.0002 + 1.3 * bench + rng.normal(0, 0.008, 756)
    built = lake_with(tmp_path, returns, bench)
    ours = query_metrics(tmp_path)["s1"]
    same_returns = returns_of(built["adjusted"])
    check_all(ours, reference_metrics(same_returns, returns_of(built["benchmark"][1])))
    assert ours["days"] == 756  # returns, not values


def test_metrics_match_references_with_a_risk_free_rate(tmp_path):
    rng = np.random.default_rng(2)
    bench = rng.normal(0.0003, 0.01, 500)
    returns = rng.normal(0.0005, 0.012, 500)
    built = lake_with(tmp_path, returns, bench)
    params = MetricParameters(risk_free_rate=0.04)
    rf_daily = (1 + 0.04) ** (1 / 252) - 1
    ours = query_metrics(tmp_path, params)["s1"]
    reference = reference_metrics(returns_of(built["adjusted"]), returns_of(built["benchmark"][1]), rf_daily)
    for name in ("sharpe", "sortino", "beta", "alpha"):
        assert_matches(ours[name], reference[name], name)


@pytest.mark.parametrize(
    ("case", "returns"),
    [
        ("constant", np.full(30, 0.001)),
        ("flat", np.zeros(30)),
        ("single day", np.array([0.02])),
        ("all up", np.linspace(0.001, 0.02, 40)),
        ("all down", -np.linspace(0.001, 0.02, 40)),
        ("one big loss", np.array([0.01, 0.02, -0.5, 0.03, 0.01])),
    ],
)
def test_metrics_edge_cases_match_references_or_are_null(tmp_path, case, returns):
    built = lake_with(tmp_path, returns)
    ours = query_metrics(tmp_path)["s1"]
    check_all(ours, reference_metrics(returns_of(built["adjusted"]), None))


def test_symphony_with_no_returns_yet_has_null_metrics(tmp_path):
    write_lake(tmp_path, {"new": {"dates": business_days(1), "adjusted": np.array([1000.0])}})
    ours = query_metrics(tmp_path)["new"]
    assert ours["days"] == 0 and pd.isna(ours["start_date"]) and ours["short_history"]
    for name in ("sharpe", "sortino", "cagr", "volatility", "calmar", "win_rate", "beta", "alpha"):
        assert ours[name] is None, name
    assert ours["max_drawdown"] == 0.0 and ours["pnl"] == 0.0


def test_gaps_between_dates_change_nothing_but_the_dates(tmp_path):
    rng = np.random.default_rng(3)
    returns = rng.normal(0.001, 0.01, 200)
    built = lake_with(tmp_path, returns, gaps=True)
    check_all(query_metrics(tmp_path)["s1"], reference_metrics(returns_of(built["adjusted"]), None))


def test_deposits_mid_series_are_not_gains_and_pnl_is_net_of_them(tmp_path):
    returns = np.array([0.01, -0.02, 0.015, 0.0, 0.03, -0.01])
    flows = np.array([0.0, 0.0, 0.0, 500.0, 0.0, -200.0])  # a deposit on day 4, a withdrawal on day 6
    adjusted = values_from_returns(returns)
    dollars = [1000.0]
    for r, flow in zip(returns, flows):
        dollars.append(dollars[-1] * (1 + r) + flow)
    write_lake(tmp_path, {"s1": {"dates": business_days(7), "adjusted": adjusted, "value": np.array(dollars)}})
    ours = query_metrics(tmp_path)["s1"]
    check_all(ours, reference_metrics(returns_of(adjusted), None))
    assert ours["pnl"] == pytest.approx(dollars[-1] - 1000.0 - flows.sum(), rel=1e-12)


def test_liquidated_symphony_keeps_metrics_up_to_its_last_day(tmp_path):
    rng = np.random.default_rng(4)
    live, gone = rng.normal(0.001, 0.01, 100), rng.normal(0.001, 0.01, 60)
    dates = business_days(101)
    write_lake(
        tmp_path,
        {
            "live": {"dates": dates, "adjusted": values_from_returns(live)},
            "gone": {"dates": dates[:61], "adjusted": values_from_returns(gone)},
        },
    )
    metrics = query_metrics(tmp_path)
    assert metrics["gone"]["end_date"].date() == dates[60] and metrics["live"]["end_date"].date() == dates[100]
    check_all(metrics["gone"], reference_metrics(returns_of(values_from_returns(gone)), None))


returns_strategy = st.lists(
    st.one_of(st.just(0.0), st.floats(min_value=-0.3, max_value=0.3, allow_nan=False, allow_subnormal=False)),
    min_size=2,
    max_size=300,
)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), returns=returns_strategy)
def test_metrics_match_references_on_random_series(data, returns):
    bench = data.draw(
        st.lists(
            st.floats(min_value=-0.1, max_value=0.1, allow_nan=False, allow_subnormal=False),
            min_size=len(returns),
            max_size=len(returns),
        )
    )
    with tempfile.TemporaryDirectory() as root:
        built = lake_with(pathlib.Path(root), np.array(returns), np.array(bench))
        ours = query_metrics(pathlib.Path(root))["s1"]
    reference = reference_metrics(returns_of(built["adjusted"]), returns_of(built["benchmark"][1]))
    check_all(ours, reference)


def test_longest_drawdown_counts_trading_days_under_water_and_current_drawdown_is_the_last_day(tmp_path):
    values = np.array([100.0, 110.0, 105.0, 100.0, 108.0, 111.0, 109.0])
    write_lake(tmp_path, {"s1": {"dates": business_days(7), "adjusted": values}})
    ours = query_metrics(tmp_path)["s1"]
    assert ours["max_drawdown_days"] == 3  # days 3, 4 and 5 sit below the high of day 2
    assert ours["current_drawdown"] == pytest.approx(109 / 111 - 1, rel=1e-12)
    assert ours["max_drawdown"] == pytest.approx(100 / 110 - 1, rel=1e-12)


def test_the_drawdown_read_from_the_running_columns_equals_the_one_computed_from_the_rows(tmp_path):
    """A period from a symphony's first day reads daily_returns' running peak and days under water;
    any other period computes them with underwater(). Both ways agree, exact highs included (a
    value back exactly at its peak, and flat days at a high, end a run under water)."""
    rng = np.random.default_rng(5)
    series = {f"s{i}": values_from_returns(rng.normal(0.0003, 0.012, 600)) for i in range(4)}
    series["ties"] = np.array([100.0, 110.0, 100.0, 110.0, 110.0, 90.0, 95.0, 110.0, 80.0, 81.0])
    write_lake(tmp_path, {sid: {"dates": business_days(len(v)), "adjusted": v} for sid, v in series.items()})
    columns = "max_drawdown, max_drawdown_days, current_drawdown"
    source = (
        "select symphony_id as series_id, date, deposit_adjusted_value, daily_return, benchmark_return, pnl, "
        "peak_adjusted, underwater_days, {} as from_start from returns_in_range"
    )
    read = {
        r["series_id"]: r
        for r in query(tmp_path, f"select series_id, {columns} from series_metrics('{source.format('from_start')}')")
    }
    computed = {
        r["series_id"]: r for r in query(tmp_path, f"select series_id, {columns} from series_metrics('{source.format('false')}')")
    }
    assert set(read) == set(series)
    for sid in series:
        for column in ("max_drawdown", "current_drawdown"):
            assert read[sid][column] == pytest.approx(computed[sid][column], rel=1e-12, abs=1e-15), (sid, column)
        assert read[sid]["max_drawdown_days"] == computed[sid]["max_drawdown_days"], sid
    assert computed["ties"]["max_drawdown_days"] == 2 and computed["ties"]["max_drawdown"] == pytest.approx(80 / 110 - 1)
