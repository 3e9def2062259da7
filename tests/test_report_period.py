"""The report period (range_start / range_end): every view measures only the days in it, from the
close before it, and agrees with empyrical/quantstats on exactly those returns."""

from __future__ import annotations

import datetime as dt

import empyrical
import numpy as np
import pandas as pd
import pytest

from tests.helpers.metric_lake import business_days, query, query_metrics, returns_of, values_from_returns, write_lake
from tests.helpers.references import check_all, reference_metrics


@pytest.fixture
def two_year_lake(tmp_path):
    """One symphony over 504 returns with a benchmark; returns[i] is dated dates[i + 1]."""
    rng = np.random.default_rng(21)
    bench = rng.normal(0.0004, 0.011, 504)
    returns = 0.0002 + 1.1 * bench + rng.normal(0, 0.009, 504)
    dates = business_days(505)
    adjusted = values_from_returns(returns)
    bench_values = values_from_returns(bench, 400.0)
    write_lake(tmp_path, {"s1": {"dates": dates, "adjusted": adjusted}}, (dates, bench_values))
    return tmp_path, dates, returns_of(adjusted), returns_of(bench_values)


def test_metrics_in_a_period_match_references_on_the_returns_dated_inside_it(two_year_lake):
    root, dates, returns, bench = two_year_lake
    start, end = dates[200], dates[450]
    ours = query_metrics(root, period=(start, end))["s1"]
    inside = slice(199, 450)  # returns dated dates[200] .. dates[450]
    check_all(ours, reference_metrics(returns[inside], bench[inside]))
    assert ours["days"] == 251  # the days with a return; the base day (dates[199]) is not counted
    assert ours["start_date"].date() == start and ours["end_date"].date() == end and ours["base_date"].date() == dates[199]
    account = query_metrics(root, view="portfolio_metrics", period=(start, end))["acct"]
    for name in ("sharpe", "cagr", "max_drawdown", "sortino", "beta", "total_return"):
        assert account[name] == pytest.approx(ours[name], rel=1e-9), name


def test_a_period_starting_on_a_weekend_measures_from_the_friday_close(two_year_lake):
    root, dates, returns, bench = two_year_lake
    saturday = next(d for d in (dates[100] + dt.timedelta(days=k) for k in range(7)) if d.weekday() == 5)
    first_return = dates.index(saturday + dt.timedelta(days=2))
    ours = query_metrics(root, period=(saturday, None))["s1"]
    check_all(ours, reference_metrics(returns[first_return - 1 :], bench[first_return - 1 :]))


def test_open_bounds_are_the_whole_history(two_year_lake):
    root, *_ = two_year_lake
    whole = query_metrics(root)["s1"]
    for period in [(None, None), (dt.date(1990, 1, 1), dt.date(2100, 1, 1))]:
        bounded = query_metrics(root, period=period)["s1"]
        assert bounded.keys() == whole.keys()
        for column, value in whole.items():
            if isinstance(value, float):  # sums added in parallel may differ in the last bit
                assert bounded[column] == pytest.approx(value, rel=1e-13, abs=1e-16), column
            else:
                assert bounded[column] == value or (value is pd.NaT and bounded[column] is pd.NaT), column


def test_a_symphony_that_started_inside_the_period_is_measured_from_its_first_day(tmp_path):
    rng = np.random.default_rng(22)
    old, young = rng.normal(0.001, 0.01, 300), rng.normal(0.001, 0.01, 50)
    dates = business_days(301)
    write_lake(
        tmp_path,
        {
            "old": {"dates": dates, "adjusted": values_from_returns(old)},
            "young": {"dates": dates[250:], "adjusted": values_from_returns(young)},
        },
    )
    metrics = query_metrics(tmp_path, period=(dates[200], None))
    check_all(metrics["young"], reference_metrics(returns_of(values_from_returns(young)), None))
    check_all(metrics["old"], reference_metrics(returns_of(values_from_returns(old))[199:], None))


def test_a_symphony_with_no_day_in_the_period_has_no_metrics(tmp_path):
    rng = np.random.default_rng(23)
    dates = business_days(201)
    write_lake(
        tmp_path,
        {
            "live": {"dates": dates, "adjusted": values_from_returns(rng.normal(0.001, 0.01, 200))},
            "gone": {"dates": dates[:60], "adjusted": values_from_returns(rng.normal(0.001, 0.01, 59))},
        },
    )
    metrics = query_metrics(tmp_path, period=(dates[100], None))
    assert metrics["gone"]["days"] is None and metrics["gone"]["sharpe"] is None
    assert metrics["live"]["days"] == 101
    assert not query(tmp_path, "select * from drawdowns where symphony_id = 'gone'", period=(dates[100], None))


def test_pnl_drawdowns_and_monthly_returns_restart_at_the_period(two_year_lake):
    root, dates, returns, _ = two_year_lake
    period = (dates[300], dates[400])
    pnl = query(root, "select date, pnl, cumulative_pnl from pnl_daily order by date", period=period)
    assert pnl[0]["date"].date() == dates[299] and pnl[0]["pnl"] == 0 and pnl[0]["cumulative_pnl"] == 0
    under = query(
        root, "select min(drawdown) as worst, min(wealth) filter (where day_number = 1) as base from drawdowns", period=period
    )
    assert under[0]["base"] == 1.0
    assert under[0]["worst"] == pytest.approx(empyrical.max_drawdown(pd.Series(returns[299:400])), rel=1e-9)
    months = query(root, "select month, period_return from monthly_returns order by month", period=period)
    first_month = dt.date(dates[300].year, dates[300].month, 1)
    assert months[0]["month"].date() == first_month
    in_first_month = [
        r for d, r in zip(dates[300:401], returns[299:400]) if (d.year, d.month) == (first_month.year, first_month.month)
    ]
    assert months[0]["period_return"] == pytest.approx(np.prod(1 + np.array(in_first_month)) - 1, rel=1e-9)


def test_rolling_windows_look_back_before_the_period(two_year_lake):
    root, dates, returns, _ = two_year_lake
    period = (dates[300], None)
    rows = query(root, "select date, sharpe from rolling_metrics where window_days = 63 order by date", period=period)
    assert rows[0]["date"].date() == dates[300] and len(rows) == 205
    expected = empyrical.sharpe_ratio(pd.Series(returns[299 - 62 : 300]))
    assert rows[0]["sharpe"] == pytest.approx(expected, rel=1e-9)


def test_money_weighted_return_in_a_period_invests_the_base_value(tmp_path):
    returns = np.full(260, 0.0004)
    dates = business_days(261)
    write_lake(tmp_path, {"s1": {"dates": dates, "adjusted": values_from_returns(returns)}})
    row = query(tmp_path, "select * from money_weighted_returns", period=(dates[100], None))[0]
    years = (dates[260] - dates[99]).days / 365.25
    assert row["money_weighted_return"] == pytest.approx(1.0004 ** (161 / years) - 1, rel=1e-8)
