"""symphony_metrics adds each period up from monthly sums (symphony_period_sums) instead of reading
every day: it must measure what series_metrics() measures day by day over returns_in_range, for any
period and account, whether the views read the files or the copies the dashboard makes."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from bench.metrics_bench import DAY_BY_DAY
from sql import duck
from tests.helpers.metric_lake import business_days, values_from_returns, write_lake

DAYS = business_days(400)  # 2020-01-06 .. mid 2021
PERIODS = {
    "whole history": (None, None),
    "from mid-month": (dt.date(2020, 3, 11), None),
    "to mid-month": (None, dt.date(2021, 2, 17)),
    "inside one month": (dt.date(2020, 9, 8), dt.date(2020, 9, 22)),
    "one day": (dt.date(2020, 10, 14), dt.date(2020, 10, 14)),
    "whole months": (dt.date(2020, 6, 1), dt.date(2020, 11, 30)),
    "a weekend start": (dt.date(2020, 8, 1), dt.date(2021, 1, 10)),
    "before a symphony started": (dt.date(2019, 6, 1), dt.date(2020, 7, 15)),
    "after a symphony stopped": (dt.date(2021, 1, 4), None),
}


def _symphonies() -> dict[str, dict]:
    rng = np.random.default_rng(31)
    fat = rng.standard_t(3, 399) * 0.008 + 0.0006
    skewed = np.where(rng.random(299) < 0.05, -0.06, 0.003) + rng.normal(0, 0.004, 299)
    flat_then_moving = np.concatenate([np.zeros(120), rng.normal(0.001, 0.01, 150)])
    gapped = values_from_returns(rng.normal(0.0005, 0.012, 399))
    gapped[200] = 0.0  # a day valued at zero: the next day's return is NULL (previous value zero)
    gapped[201:] = gapped[201:] / gapped[201] * 900.0
    return {
        "fat": {"dates": DAYS, "adjusted": values_from_returns(fat), "account": "a"},
        "late": {"dates": DAYS[100:], "adjusted": values_from_returns(skewed), "account": "a"},  # starts mid-month
        "stopped": {"dates": DAYS[:271], "adjusted": values_from_returns(flat_then_moving), "account": "b"},
        "gapped": {"dates": DAYS, "adjusted": gapped, "account": "b"},
    }


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    root = tmp_path_factory.mktemp("period-sums")
    rng = np.random.default_rng(32)
    write_lake(root, _symphonies(), (DAYS, values_from_returns(rng.normal(0.0004, 0.011, len(DAYS) - 1), 400.0)))
    return root


def _measure(root, materialized: bool, period, account=None) -> tuple[dict, dict]:
    con = duck.connect()
    duck.load_views(con, str(root), copy=materialized)
    duck.set_range(con, *period, account)
    summed = {r["symphony_id"]: r for r in con.execute("select * from symphony_metrics").df().to_dict("records")}
    daily = {r["series_id"]: r for r in con.execute(DAY_BY_DAY).df().to_dict("records")}
    con.close()
    return summed, daily


AS_OF_THE_LAST_DAY = ("last_day_return", "last_day_pnl", "current_drawdown")  # NULL for a symphony gone by then


def _same(summed: dict, daily: dict) -> None:
    measured = {sid for sid, row in summed.items() if row["end_date"] == row["end_date"]}  # NaT: nothing in the period
    assert measured == set(daily)
    for sid, theirs in daily.items():
        gone = summed[sid]["end_date"] < summed[sid]["period_last_day"]  # no value on the period's last trading day
        for column, value in theirs.items():
            if column == "series_id":
                continue
            ours = summed[sid][column]
            if gone and column in AS_OF_THE_LAST_DAY:
                assert ours is None or ours != ours, (sid, column, ours)
                continue
            if isinstance(value, float) and not np.isnan(value):
                assert ours == pytest.approx(value, rel=1e-11, abs=1e-14), (sid, column)
            elif isinstance(value, float) or value is None:
                assert ours is None or ours != ours, (sid, column, ours)  # NaN or NULL alike
            else:
                assert ours == value, (sid, column)


@pytest.mark.parametrize("materialized", [False, True], ids=["files", "copies"])
@pytest.mark.parametrize("period", list(PERIODS.values()), ids=list(PERIODS))
def test_metrics_added_up_from_monthly_sums_equal_the_day_by_day_metrics(lake, period, materialized):
    _same(*_measure(lake, materialized, period))


def test_a_symphony_that_stopped_before_the_periods_last_day_has_no_last_day_move_or_current_drawdown(lake):
    summed, daily = _measure(lake, True, PERIODS["whole history"])
    stopped, fat = summed["stopped"], summed["fat"]
    assert stopped["end_date"].date() == DAYS[270] and stopped["period_last_day"].date() == DAYS[-1]
    assert all(stopped[c] != stopped[c] or stopped[c] is None for c in (*AS_OF_THE_LAST_DAY, "current_drawdown_all_time"))
    assert daily["stopped"]["last_day_return"] is not None  # the day-by-day figure of its own last day exists
    assert fat["last_day_return"] == pytest.approx(daily["fat"]["last_day_return"], rel=1e-11)
    assert fat["current_drawdown_all_time"] == pytest.approx(fat["current_drawdown"], rel=1e-11, abs=1e-14)  # all history


@pytest.mark.parametrize("account", ["a", "b"])
def test_one_accounts_metrics_added_up_from_monthly_sums_equal_the_day_by_day_metrics(lake, account):
    summed, daily = _measure(lake, True, PERIODS["from mid-month"], account)
    assert {r["account_id"] for r in summed.values()} == {account}
    _same(summed, daily)


def test_each_symphonys_span_is_the_close_before_the_period_to_its_last_day_in_it_as_in_returns_in_range(lake):
    con = duck.connect()
    duck.load_views(con, str(lake), copy=True)
    for period in PERIODS.values():
        first, last = period[0] or dt.date.min, period[1] or dt.date.max
        expected = []
        for sid, spec in sorted(_symphonies().items()):
            inside = [d for d in spec["dates"] if first <= d <= last]
            if inside:
                before = [d for d in spec["dates"] if d < first]
                base = before[-1] if before else spec["dates"][0]
                expected.append((sid, base, inside[-1], base == spec["dates"][0]))
        duck.set_range(con, *period, None)
        spans = con.execute("select symphony_id, base_date, end_date, from_start from symphony_spans order by 1").fetchall()
        days = con.execute(
            "select symphony_id, min(date), max(date), bool_and(from_start) from returns_in_range group by 1 order by 1"
        ).fetchall()
        assert spans == expected == days, period
    con.close()
