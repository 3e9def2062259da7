"""The analysis views beyond symphony_metrics, checked against references on the same data."""

from __future__ import annotations

import datetime as dt

import empyrical
import numpy as np
import pandas as pd
import pytest
from scipy.optimize import brentq

from tests.helpers.metric_lake import business_days, query, query_metrics, returns_of, values_from_returns, write_lake
from tests.helpers.references import check_all, reference_metrics


@pytest.fixture
def series(tmp_path):
    rng = np.random.default_rng(7)
    returns = rng.normal(0.0006, 0.012, 400)
    dates = business_days(401)
    adjusted = values_from_returns(returns)
    write_lake(tmp_path, {"s1": {"dates": dates, "adjusted": adjusted}})
    return tmp_path, dates, returns_of(adjusted)


def test_rolling_metrics_match_empyrical_rolling_sharpe_and_volatility(series):
    root, dates, returns = series
    rows = query(root, "select * from rolling_metrics where window_days = 63 order by date")
    ours = pd.Series([r["sharpe"] for r in rows])  # one row per return: the first day has none
    reference = empyrical.roll_sharpe_ratio(pd.Series(returns), window=63)
    assert ours[:62].isna().all()
    np.testing.assert_allclose(ours[62:].to_numpy(dtype=float), reference.to_numpy()[-len(ours[62:]) :], rtol=1e-9)
    vol = pd.Series([r["volatility"] for r in rows])
    np.testing.assert_allclose(
        vol[62:].to_numpy(dtype=float), empyrical.roll_annual_volatility(pd.Series(returns), window=63).to_numpy(), rtol=1e-9
    )


def test_monthly_and_yearly_returns_match_empyrical_aggregate_returns(series):
    root, dates, returns = series
    indexed = pd.Series(returns, index=pd.DatetimeIndex(dates[1:]))
    monthly = query(root, "select * from monthly_returns order by month")
    np.testing.assert_allclose(
        [r["period_return"] for r in monthly], empyrical.aggregate_returns(indexed, "monthly").to_numpy(), rtol=1e-9
    )
    yearly = query(root, "select * from yearly_returns order by year")
    np.testing.assert_allclose(
        [r["period_return"] for r in yearly], empyrical.aggregate_returns(indexed, "yearly").to_numpy(), rtol=1e-9
    )


def test_drawdown_periods_list_each_episode_with_trough_and_recovery(tmp_path):
    values = np.array([100, 110, 99, 105, 112, 111, 100.8, 104, 108])
    dates = business_days(len(values))
    write_lake(tmp_path, {"s1": {"dates": dates, "adjusted": values.astype(float)}})
    periods = query(tmp_path, "select * from drawdown_periods order by start_date")
    assert [(p["start_date"].date(), p["trough_date"].date()) for p in periods] == [(dates[1], dates[2]), (dates[4], dates[6])]
    assert periods[0]["recovery_date"].date() == dates[4] and pd.isna(periods[1]["recovery_date"])
    assert periods[0]["depth"] == pytest.approx(99 / 110 - 1, rel=1e-12)
    assert periods[1]["depth"] == pytest.approx(100.8 / 112 - 1, rel=1e-12)
    assert [p["days_under_water"] for p in periods] == [3, 4]
    assert min(p["depth"] for p in periods) == pytest.approx(query_metrics(tmp_path)["s1"]["max_drawdown"], rel=1e-12)


def xirr(flows: list[tuple[dt.date, float]]) -> float:
    start = flows[0][0]
    return brentq(lambda rate: sum(cf * (1 + rate) ** (-(d - start).days / 365.25) for d, cf in flows), -0.99, 10)


def test_money_weighted_return_matches_xirr_of_the_cash_flows(tmp_path):
    returns = np.array([0.02, -0.01, 0.03, 0.01, -0.02, 0.015])
    flows = [0.0, 0.0, 2000.0, 0.0, -500.0, 0.0]
    dates = [dt.date(2024, 1, 2) + dt.timedelta(days=30 * i) for i in range(7)]
    dollars = [1000.0]
    for r, flow in zip(returns, flows):
        dollars.append(dollars[-1] * (1 + r) + flow)
    write_lake(tmp_path, {"s1": {"dates": dates, "adjusted": values_from_returns(returns), "value": np.array(dollars)}})
    expected = xirr([(dates[0], -1000.0)] + [(d, -f) for d, f in zip(dates[1:], flows) if f] + [(dates[-1], dollars[-1])])
    row = query(tmp_path, "select * from money_weighted_returns")[0]
    assert row["money_weighted_return"] == pytest.approx(expected, abs=1e-8)
    assert row["time_weighted_return"] == pytest.approx(query_metrics(tmp_path)["s1"]["cagr"], rel=1e-12)


def test_portfolio_returns_ignore_deposits_new_and_liquidated_symphonies(tmp_path):
    rng = np.random.default_rng(8)
    dates = business_days(120)
    a_returns, b_returns = rng.normal(0.001, 0.01, 119), rng.normal(0.0, 0.02, 59)
    a_values = values_from_returns(a_returns, 5000.0)
    b_values = values_from_returns(b_returns, 3000.0)  # starts on day 31, liquidated after day 89
    write_lake(tmp_path, {"a": {"dates": dates, "adjusted": a_values}, "b": {"dates": dates[30:90], "adjusted": b_values}})
    daily = query(tmp_path, "select * from portfolio_daily order by date")
    combined = pd.DataFrame({"a": pd.Series(a_values, index=dates), "b": pd.Series(b_values, index=dates[30:90])})
    previous = combined.shift(1)
    pnl = (combined - previous).where(previous.notna())
    expected = pnl.sum(axis=1) / previous.where(combined.notna()).sum(axis=1)
    np.testing.assert_allclose([d["daily_return"] for d in daily[1:]], expected.to_numpy()[1:], rtol=1e-9)
    portfolio = query_metrics(tmp_path, view="portfolio_metrics")["acct"]
    check_all(portfolio, {k: v for k, v in reference_metrics(expected.to_numpy()[1:], None).items()})


def test_metrics_since_edit_cover_only_the_days_after_the_last_edit(tmp_path):
    rng = np.random.default_rng(9)
    returns = rng.normal(0.001, 0.01, 200)
    dates = business_days(201)
    adjusted = values_from_returns(returns)
    edited = dt.datetime.combine(dates[120], dt.time(15, 0), tzinfo=dt.UTC)
    write_lake(tmp_path, {"s1": {"dates": dates, "adjusted": adjusted, "last_edit_at": edited}})
    since = query_metrics(tmp_path, view="symphony_metrics_since_edit")["s1"]
    assert since["edited_on"].date() == dates[120] and since["base_date"].date() == dates[120]
    assert since["start_date"].date() == dates[121]  # the first return after the edit
    check_all(since, reference_metrics(returns_of(adjusted[120:]), None))


def test_live_vs_backtest_is_exact_for_a_live_copy_and_measures_a_lagging_one(tmp_path):
    rng = np.random.default_rng(10)
    returns = rng.normal(0.001, 0.01, 100)
    dates = business_days(101)
    adjusted = values_from_returns(returns)
    lagging = values_from_returns(returns - 0.0005)
    write_lake(
        tmp_path,
        {
            "copy": {"dates": dates, "adjusted": adjusted, "backtest": (dates, adjusted * 10)},
            "lag": {"dates": dates, "adjusted": lagging, "backtest": (dates, adjusted)},
        },
    )
    rows = {r["symphony_id"]: r for r in query(tmp_path, "select * from live_vs_backtest")}
    assert rows["copy"]["tracking_error"] == pytest.approx(0.0, abs=1e-12)
    assert rows["copy"]["correlation"] == pytest.approx(1.0, rel=1e-12) and rows["copy"]["common_days"] == 100
    gap = np.prod(1 + returns_of(lagging)) / np.prod(1 + returns_of(adjusted)) - 1  # live's growth relative to the backtest's
    assert rows["lag"]["growth_gap"] == pytest.approx(gap, rel=1e-9) and rows["copy"]["growth_gap"] == pytest.approx(0, abs=1e-12)
    diff = returns_of(lagging) - returns_of(adjusted)
    assert rows["lag"]["tracking_error"] == pytest.approx(np.std(diff, ddof=1) * np.sqrt(252), rel=1e-6)


def test_correlations_match_numpy_on_common_days(tmp_path):
    rng = np.random.default_rng(11)
    dates = business_days(81)
    x, noise = rng.normal(0, 0.01, 80), rng.normal(0, 0.01, 80)
    write_lake(
        tmp_path,
        {
            "x": {"dates": dates, "adjusted": values_from_returns(x)},
            "y": {"dates": dates, "adjusted": values_from_returns(0.5 * x + noise)},
        },
    )
    rows = {(r["symphony_a"], r["symphony_b"]): r for r in query(tmp_path, "select * from correlations")}
    expected = np.corrcoef(returns_of(values_from_returns(x)), returns_of(values_from_returns(0.5 * x + noise)))[0, 1]
    assert rows[("x", "y")]["correlation"] == pytest.approx(expected, rel=1e-9)
    assert (
        rows[("y", "x")]["correlation"] == pytest.approx(rows[("x", "y")]["correlation"], rel=1e-12)
        and rows[("x", "y")]["common_days"] == 80
    )


@pytest.mark.parametrize("absurd", [1e200, 1e-308, 1e13])
def test_an_absurd_value_in_the_lake_makes_that_days_return_null_with_the_reason_and_no_view_raises(tmp_path, absurd):
    rng = np.random.default_rng(8)
    dates = business_days(300)
    adjusted = values_from_returns(rng.normal(0.0005, 0.01, 299))
    adjusted[150] = absurd
    write_lake(tmp_path, {"s1": {"dates": dates, "adjusted": adjusted}, "s2": {"dates": dates, "adjusted": adjusted * 2}})
    flagged = query(tmp_path, "select date, daily_return, return_problem from daily_returns where return_problem is not null")
    assert {r["date"].date() for r in flagged} == {dates[150], dates[151]}
    assert all(r["daily_return"] is None and r["return_problem"] == "deposit-adjusted value out of bounds" for r in flagged)
    for view in (
        "symphony_metrics",
        "portfolio_metrics",
        "rolling_metrics",
        "money_weighted_returns",
        "drawdowns",
        "correlations",
    ):
        assert query(tmp_path, f"select * from {view}"), view
    (metrics,) = query(tmp_path, "select sharpe, days from symphony_metrics where symphony_id = 's1'")
    assert metrics["sharpe"] is not None and np.isfinite(metrics["sharpe"])
