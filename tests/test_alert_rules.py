"""Each built-in alert rule (sql/alerts/) fires on a constructed series and stays quiet on one just
inside its threshold; a rule file of one's own fires with no Python change; a broken one is named."""

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
        assert "Alpha" in symphony.message and "drawdown" in symphony.message and "-20.1%" in symphony.message


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


def test_new_max_drawdown_is_quiet_once_the_symphony_climbs_off_its_low(tmp_path):
    returns = np.concatenate([falling_by(0.15), [0.001]])
    assert not alarms_of(evaluate(lake_of(tmp_path, returns)), "new_max_drawdown")
    assert alarms_of(evaluate(tmp_path), "drawdown") == []  # 15% is inside the drawdown rule's 20%


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
    found = alarms_of(evaluate(lake_of(tmp_path, returns)), "daily_loss")
    assert {a.subject_kind for a in found} == ({"symphony", "account"} if fires else set())
    if fires:
        assert all(a.value == pytest.approx(-loss, rel=1e-9) for a in found)


@pytest.mark.parametrize("margin", [-1e-9, 1e-9])
def test_behind_backtest_fires_when_live_trails_its_backtest_since_the_last_edit(tmp_path, margin):
    n = 150
    live = np.full(n, 0.0002)
    backtest = values_from_returns(np.full(n, 0.0012))
    gap = (1.0002**n) - (1.0012**n)
    lake = lake_of(tmp_path, live, backtest=(DAYS[: n + 1], backtest))
    found = alarms_of(evaluate(lake, alert_backtest_gap=-gap + margin), "behind_backtest")
    assert bool(found) == (margin < 0)
    if found:
        assert found[0].value == pytest.approx(gap, rel=1e-9)


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

    run(start_sandbox(), str(tmp_path))
    next_day = start_sandbox(as_of=AS_OF + dt.timedelta(days=3))
    victim = next_day.app.config["SANDBOX_ACCOUNT"].symphonies[2]
    next_day.faults({"kind": "body", "body": TRUNCATED, "path_contains": f"/symphonies/{victim.id}"})
    assert run(next_day, str(tmp_path)).exit_code == 1
    found = alarms_of(evaluate(tmp_path, alert_today=str(AS_OF + dt.timedelta(days=3))), "quarantined")
    assert [(a.subject_id, a.name) for a in found] == [(victim.id, victim.name)]
    assert "set aside by the sync" in found[0].message and "differ in length" in found[0].message
