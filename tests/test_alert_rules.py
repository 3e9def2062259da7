"""Each built-in alert rule (sql/alerts/) fires on a constructed series and stays quiet on one just
inside its threshold, says since when its condition holds in the data and, when quiet, the figure
now; a rule file of one's own fires with no Python change; a broken one is named."""

from __future__ import annotations

import datetime as dt
import pathlib
import shutil

import numpy as np
import pytest

from ingest.alerts import rules, runner
from ingest.config import IngestConfig
from tests.helpers.metric_lake import business_days, values_from_returns, write_lake

DAYS = business_days(400)


def evaluate(lake: pathlib.Path, rules_dir: pathlib.Path = rules.RULES_DIR, **variables) -> rules.Evaluation:
    """The rules on the lake, as of the last day the test series can have unless alert_today is given."""
    config = IngestConfig(data_url=str(lake), alert_variables={"alert_today": str(DAYS[-1]), **variables})
    return runner.evaluate(config, {}, rules_dir)[0]


def alarms_of(evaluation: rules.Evaluation, rule: str) -> list[rules.Alarm]:
    assert not evaluation.errors, evaluation.errors
    return [a for a in evaluation.alarms if a.rule == rule]


def reading_of(evaluation: rules.Evaluation, rule: str, subject_id: str = "sym1") -> rules.Alarm:
    """The rule's row for a subject that is not in alarm: what a resolution reports."""
    assert not evaluation.errors, evaluation.errors
    return evaluation.readings[f"{rule}:symphony:{subject_id}"]


def lake_of(tmp_path: pathlib.Path, returns: np.ndarray, **spec) -> pathlib.Path:
    write_lake(
        tmp_path, {"sym1": {"dates": DAYS[: len(returns) + 1], "adjusted": values_from_returns(returns), "name": "Alpha", **spec}}
    )
    return tmp_path


def falling_by(depth: float) -> np.ndarray:
    """Up 20% over 200 days, then down `depth` from that peak over the last 50."""
    up = np.full(200, 1.2 ** (1 / 200) - 1)
    down = np.full(50, (1 - depth) ** (1 / 50) - 1)
    return np.concatenate([up, down])


@pytest.mark.parametrize(("depth", "fires"), [(0.201, True), (0.199, False)])
def test_drawdown_fires_beyond_the_threshold_for_the_symphony_and_its_account(tmp_path, depth, fires):
    found = alarms_of(evaluate(lake_of(tmp_path, falling_by(depth))), "drawdown")
    assert {(a.subject_kind, a.subject_id) for a in found} == ({("symphony", "sym1"), ("account", "acct")} if fires else set())
    if fires:
        symphony = next(a for a in found if a.subject_kind == "symphony")
        assert symphony.value == pytest.approx(-depth, rel=1e-9) and symphony.threshold == -0.2
        assert symphony.message == "Alpha is 20.1% below its all-time peak, deposit-adjusted (alert at 20% below it)"
    else:
        assert reading_of(evaluate(tmp_path), "drawdown").message.startswith("Alpha is 19.9% below its all-time peak")


def test_drawdown_since_is_the_day_it_first_crossed_the_threshold_in_the_data(tmp_path):
    returns = falling_by(0.3)
    wealth = np.cumprod(1 + returns)
    crossed = int(np.argmax(wealth / np.maximum.accumulate(wealth) - 1 <= -0.2))  # the first return at -20% or deeper
    found = alarms_of(evaluate(lake_of(tmp_path, returns)), "drawdown")
    assert {a.since for a in found} == {str(DAYS[crossed + 1])}  # DAYS[0] carries no return


def test_drawdown_of_a_symphony_that_bounced_back_above_the_threshold_starts_again_at_the_new_crossing(tmp_path):
    returns = np.concatenate([falling_by(0.3), [0.2], np.full(10, -0.01)])  # back to -16%, then down again
    wealth = np.cumprod(1 + returns)
    under = wealth / np.maximum.accumulate(wealth) - 1 <= -0.2
    last_above = int(np.flatnonzero(~under)[-1])
    (symphony,) = [a for a in alarms_of(evaluate(lake_of(tmp_path, returns)), "drawdown") if a.subject_kind == "symphony"]
    assert under[-1] and symphony.since == str(DAYS[last_above + 2])


def test_drawdown_threshold_comes_from_the_environment(tmp_path):
    lake = lake_of(tmp_path, falling_by(0.15))
    assert not alarms_of(evaluate(lake), "drawdown")
    config = IngestConfig.from_env({"DATA_URL": str(lake), "ALERT_DRAWDOWN": "0.1", "ALERT_TODAY": str(DAYS[-1])})
    found = alarms_of(runner.evaluate(config, {})[0], "drawdown")
    assert found and all(a.threshold == -0.1 for a in found)


@pytest.mark.parametrize(("depth", "fires"), [(0.101, True), (0.099, False)])
def test_new_max_drawdown_fires_when_today_is_the_deepest_and_beyond_the_threshold(tmp_path, depth, fires):
    found = alarms_of(evaluate(lake_of(tmp_path, falling_by(depth))), "new_max_drawdown")
    assert bool(found) == fires


def test_new_max_drawdown_since_is_the_first_day_of_the_run_of_new_lows_beyond_the_threshold(tmp_path):
    returns = falling_by(0.15)
    wealth = np.cumprod(1 + returns)
    first = int(np.argmax(wealth / np.maximum.accumulate(wealth) - 1 <= -0.1))  # every falling day after is a new low
    (alarm,) = alarms_of(evaluate(lake_of(tmp_path, returns)), "new_max_drawdown")
    assert alarm.since == str(DAYS[first + 1])


def test_new_max_drawdown_is_quiet_once_the_symphony_climbs_off_its_low(tmp_path):
    returns = np.concatenate([falling_by(0.15), [0.001]])
    evaluation = evaluate(lake_of(tmp_path, returns))
    assert not alarms_of(evaluation, "new_max_drawdown")
    assert alarms_of(evaluation, "drawdown") == []  # 15% is inside the drawdown rule's 20%
    low = DAYS[len(returns) - 1]
    assert reading_of(evaluation, "new_max_drawdown").message == (
        f"Alpha is 14.9% below its all-time peak; its deepest drawdown was 15.0% on {low} (alert on a new low beyond 10%)"
    )


def volatile(recent_scale: float) -> np.ndarray:
    """A year of ±1% days, then 21 days of ±recent_scale%."""
    calm = np.tile([0.01, -0.01], 140)
    return np.concatenate([calm, np.tile([0.01 * recent_scale, -0.01 * recent_scale], 11)[:21]])


@pytest.mark.parametrize("margin", [-1e-6, 1e-6])
def test_volatility_spike_fires_above_k_times_the_years_volatility(tmp_path, margin):
    returns = volatile(3.0)
    recent, year = np.std(returns[-21:], ddof=1) * np.sqrt(252), np.std(returns[-252:], ddof=1) * np.sqrt(252)
    ratio = recent / year + margin
    found = alarms_of(evaluate(lake_of(tmp_path, returns), alert_volatility_ratio=ratio), "volatility_spike")
    assert bool(found) == (margin < 0)
    if found:
        assert found[0].value == pytest.approx(recent, rel=1e-9) and found[0].threshold == pytest.approx(ratio * year, rel=1e-9)


def test_volatility_spike_fires_above_the_absolute_level(tmp_path):
    returns = volatile(1.0)
    recent = np.std(returns[-21:], ddof=1) * np.sqrt(252)
    lake = lake_of(tmp_path, returns)
    assert alarms_of(evaluate(lake, alert_volatility_max=recent - 1e-6), "volatility_spike")
    assert not alarms_of(evaluate(lake, alert_volatility_max=recent + 1e-6), "volatility_spike")


@pytest.mark.parametrize(("loss", "fires"), [(0.0501, True), (0.0499, False)])
def test_daily_loss_fires_on_a_last_day_beyond_the_threshold(tmp_path, loss, fires):
    returns = np.concatenate([np.full(100, 0.001), [-loss]])
    evaluation = evaluate(lake_of(tmp_path, returns))
    found = alarms_of(evaluation, "daily_loss")
    assert {a.subject_kind for a in found} == ({"symphony", "account"} if fires else set())
    if fires:
        assert all(a.value == pytest.approx(-loss, rel=1e-9) and a.since == str(DAYS[101]) for a in found)
    else:
        assert reading_of(evaluation, "daily_loss").message == (
            f"Alpha lost 5.0% on {DAYS[101]} (deposit-adjusted; alert at a loss of 5.0%)"
        )


def drifting(n: int, daily_gap: float, noise: float, seed: int = 5, level: float = 0.001, spread: float = 0.01):
    """A backtest's daily returns and live ones that trail them by `daily_gap` a day, with noise."""
    rng = np.random.default_rng(seed)
    backtest = rng.normal(level, spread, n)
    return backtest + daily_gap + rng.normal(0, noise, n), backtest


def backtest_lake(tmp_path: pathlib.Path, live: np.ndarray, backtest: np.ndarray) -> pathlib.Path:
    return lake_of(tmp_path, live, backtest=(DAYS[: len(backtest) + 1], values_from_returns(backtest)))


def growth_gap(live: np.ndarray, backtest: np.ndarray) -> float:
    return float(np.prod(1 + live) / np.prod(1 + backtest) - 1)


@pytest.mark.parametrize("margin", [-1e-9, 1e-9])
def test_behind_backtest_fires_when_live_growth_trails_the_backtests_beyond_the_threshold(tmp_path, margin):
    live, backtest = drifting(150, -0.001, 0.001)
    gap = growth_gap(live, backtest)  # about -14%, and far beyond noise
    found = alarms_of(evaluate(backtest_lake(tmp_path, live, backtest), alert_backtest_gap=-gap + margin), "behind_backtest")
    assert bool(found) == (margin < 0)
    if found:
        assert found[0].value == pytest.approx(gap, rel=1e-9) and "significant drift" in found[0].message


def test_behind_backtest_is_quiet_for_a_winner_that_tracks_its_backtest(tmp_path):
    """Up about 875% against a backtest up a little more: the returns differ by 23 points, but
    live's growth is 2.3% behind the backtest's and the gap is noise."""
    live, backtest = drifting(390, -0.00004, 0.0015, seed=6, level=0.006, spread=0.025)
    assert np.prod(1 + live) - np.prod(1 + backtest) < -0.10 and np.prod(1 + live) > 5  # the points difference
    evaluation = evaluate(backtest_lake(tmp_path, live, backtest))
    assert not alarms_of(evaluation, "behind_backtest")
    reading = reading_of(evaluation, "behind_backtest")
    assert reading.value == pytest.approx(growth_gap(live, backtest), rel=1e-9) and -0.10 < reading.value < 0
    assert "within noise" in reading.message


def test_behind_backtest_is_quiet_when_the_gap_is_beyond_the_threshold_but_within_noise(tmp_path):
    live, backtest = drifting(150, -0.0008, 0.02, seed=9)
    assert growth_gap(live, backtest) < -0.10  # material, but a tracking error of 32% a year makes it noise
    evaluation = evaluate(backtest_lake(tmp_path, live, backtest))
    assert not alarms_of(evaluation, "behind_backtest")
    assert "within noise" in reading_of(evaluation, "behind_backtest").message


def test_behind_backtest_needs_its_minimum_number_of_days(tmp_path):
    live, backtest = drifting(40, -0.004, 0.001)
    lake = backtest_lake(tmp_path, live, backtest)
    assert growth_gap(live, backtest) < -0.10
    assert not alarms_of(evaluate(lake), "behind_backtest")  # 40 days, the default needs 63
    assert alarms_of(evaluate(lake, alert_backtest_min_days=40), "behind_backtest")


def test_behind_backtest_since_is_the_day_the_gap_so_far_went_beyond_the_threshold(tmp_path):
    live, backtest = drifting(200, -0.001, 0.001)
    running = np.cumprod(1 + live) / np.cumprod(1 + backtest) - 1
    beyond = (running < -0.10) & (np.arange(1, 201) >= 63)
    first = int(np.flatnonzero(~beyond)[-1]) + 1  # the first day of the run that lasts to the end
    (alarm,) = alarms_of(evaluate(backtest_lake(tmp_path, live, backtest)), "behind_backtest")
    assert alarm.since == str(DAYS[first + 1])


def test_stale_data_fires_for_a_symphony_composer_values_but_that_stopped_and_for_an_old_snapshot(tmp_path):
    days = DAYS[:300]
    write_lake(
        tmp_path,
        {
            "live": {"dates": days, "adjusted": values_from_returns(np.full(299, 0.001)), "value_today": 1000.0},
            "stopped": {"dates": days[:-3], "adjusted": values_from_returns(np.full(296, 0.001)), "value_today": 900.0},
            "sold": {"dates": days[:-50], "adjusted": values_from_returns(np.full(249, 0.001)), "value_today": 0.0},
        },
    )

    def stale(after_days: int) -> set[tuple[str, str]]:
        today = days[-1] + dt.timedelta(days=after_days)
        return {(a.subject_kind, a.subject_id) for a in alarms_of(evaluate(tmp_path, alert_today=str(today)), "stale_data")}

    assert stale(0) == {("symphony", "stopped")}
    assert stale(4) == {("symphony", "stopped")}  # a long weekend is not stale
    assert stale(5) == {("symphony", "stopped"), ("snapshot", "snapshot")}


def test_a_failed_sync_is_an_alert(tmp_path):
    lake = lake_of(tmp_path, np.full(50, 0.001))
    assert not alarms_of(evaluate(lake), "sync_failed")
    config = IngestConfig(data_url=str(lake), alert_variables={"alert_today": str(DAYS[50])})
    evaluation = runner.evaluate(config, {"sync_exit_code": 2, "sync_message": "Composer answered 503"})[0]
    (alarm,) = alarms_of(evaluation, "sync_failed")
    assert alarm.severity == "critical" and "Composer answered 503" in alarm.message


def test_a_rule_file_of_ones_own_fires_with_no_python_change(tmp_path):
    lake = lake_of(tmp_path / "lake", np.full(100, 0.002))
    own = tmp_path / "rules"
    shutil.copytree(rules.RULES_DIR, own)
    (own / "70_big_winner.sql").write_text(
        "-- big_winner: a symphony up more than alert_big_win in its history\n"
        "set variable alert_big_win = coalesce(getvariable('alert_big_win'), 0.5)::double;\n"
        "select 'big_winner' as rule, 'symphony' as subject_kind, symphony_id as subject_id, name, 'info' as severity,\n"
        "    total_return as value, getvariable('alert_big_win') as threshold, name || ' is up' as message\n"
        "from symphony_metrics where total_return > getvariable('alert_big_win')\n"
    )
    assert not alarms_of(evaluate(lake, own), "big_winner")  # up 22%, under the default 50%
    (alarm,) = alarms_of(evaluate(lake, own, alert_big_win=0.2), "big_winner")
    assert alarm.alert_id == "big_winner:symphony:sym1" and alarm.file == "70_big_winner.sql"


def test_a_broken_rule_file_is_named_and_the_others_still_run(tmp_path):
    lake = lake_of(tmp_path / "lake", falling_by(0.3))
    own = tmp_path / "rules"
    shutil.copytree(rules.RULES_DIR, own)
    (own / "15_broken.sql").write_text("select 'x' as rule from no_such_view\n")
    (own / "16_wrong_columns.sql").write_text("select 1 as rule\n")
    evaluation = evaluate(lake, own)
    assert {e.file for e in evaluation.errors} == {"15_broken.sql", "16_wrong_columns.sql"}
    assert "no_such_view" in next(e.line() for e in evaluation.errors if e.file == "15_broken.sql")
    assert any(a.rule == "drawdown" for a in evaluation.alarms)


def test_a_symphony_the_sync_set_aside_is_an_alert_with_the_reason(start_sandbox, tmp_path):
    from tests.helpers.sandbox import AS_OF
    from tests.helpers.sync import TRUNCATED, run

    first = run(start_sandbox(), str(tmp_path))
    next_day = start_sandbox(as_of=AS_OF + dt.timedelta(days=3))
    victim = next_day.app.config["SANDBOX_ACCOUNT"].symphonies[2]
    next_day.faults({"kind": "body", "body": TRUNCATED, "path_contains": f"/symphonies/{victim.id}"})
    assert run(next_day, str(tmp_path)).exit_code == 1
    found = alarms_of(evaluate(tmp_path, alert_today=str(AS_OF + dt.timedelta(days=3))), "quarantined")
    assert [(a.subject_id, a.name) for a in found] == [(victim.id, victim.name)]
    assert found[0].message.startswith(f"{victim.name}: the sync set aside its live values (kept from snapshot {first.run_id}): ")
    assert "differ in length" in found[0].message
