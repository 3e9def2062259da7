"""The intraday alert rules (sql/alerts/live/) as `python -m ingest live` runs them after each
reading of a whole sandbox session: a drawdown alert fires when the live drawdown, computed here
from the nightly closes and Composer's answers, first crosses the threshold, and is sent once
that day however many readings stay beyond it; the nightly rules leave live alerts alone."""

from __future__ import annotations

import datetime as dt

import httpx

from ingest.alerts import runner, state
from ingest.alerts.rules import Alarm, Evaluation
from ingest.lake import Lake
from sql import duck
from tests.helpers.alert_receivers import webhook
from tests.helpers.live import NEW_YORK, VirtualClock, et, set_sandbox_clock
from tests.helpers.sandbox import DEFAULT_KEY_ID, DEFAULT_SECRET, ingest_config
from tests.helpers.sync import run as nightly
from tests.test_live_session import MONDAY, _readings, _session

HOURLY = "3600"  # the alert rules run after every reading: seven of them keep the session quick
READINGS = [et(MONDAY, "09:30") + dt.timedelta(hours=n) for n in range(7)]  # 09:30 ... 15:30


def _closes(root) -> dict[tuple[str, str], tuple[float, float]]:
    """(kind, id) -> (the last close's deposit-adjusted value, its all-time peak), from the views."""
    con = duck.connect()
    duck.load_views(con, str(root))
    rows = con.execute(
        """select 'symphony', symphony_id, arg_max(deposit_adjusted_value, date), max(deposit_adjusted_value)
           from daily_returns group by symphony_id having max(date) = (select max(date) from daily_returns)
           union all
           select 'account', account_id, arg_max(deposit_adjusted_value, date), max(deposit_adjusted_value)
           from account_history group by account_id"""
    ).fetchall()
    return {(kind, sid): (close, peak) for kind, sid, close, peak in rows}


def _changes_at(sandbox, now: dt.datetime) -> dict[tuple[str, str], float]:
    """Composer's change today for every account and symphony, as the sandbox serves it at `now`."""
    set_sandbox_clock(sandbox.url, now)
    headers = {"x-api-key-id": DEFAULT_KEY_ID, "Authorization": f"Bearer {DEFAULT_SECRET}"}
    out = {}
    with httpx.Client(base_url=f"{sandbox.url}/api/v0.1", headers=headers) as http:
        for account in sandbox.app.config["SANDBOX_ACCOUNT"].account_uuids:
            out[("account", account)] = http.get(f"/portfolio/accounts/{account}/total-stats").json()["todays_percent_change"]
            for s in http.get(f"/portfolio/accounts/{account}/symphony-stats-meta").json()["symphonies"]:
                if s["value"] > 0:
                    out[("symphony", s["id"])] = s["last_percent_change"]
    return out


def _live_drawdowns(sandbox, root) -> dict[tuple[str, str], list[float]]:
    """Each subject's drawdown at the last close, then at each reading."""
    closes = _closes(root)
    series: dict[tuple[str, str], list[float]] = {s: [close / peak - 1] for s, (close, peak) in closes.items()}
    for now in READINGS:
        for subject, change in _changes_at(sandbox, now).items():
            if subject in closes:
                close, peak = closes[subject]
                live = close * (1 + change)
                series.setdefault(subject, []).append(live / max(peak, live) - 1)
    return series


def test_an_intraday_drawdown_alert_is_sent_once_when_the_live_drawdown_crosses_its_threshold(start_sandbox, tmp_path):
    sandbox = start_sandbox(as_of=None, now=et(MONDAY, "08:00"))
    nightly(sandbox, str(tmp_path))
    at_close_and_readings = _live_drawdowns(sandbox, tmp_path)
    close = {s: dd[0] for s, dd in at_close_and_readings.items()}
    drawdowns = {s: dd[1:] for s, dd in at_close_and_readings.items()}
    # a threshold one subject crosses during the day: above it at the close and at 09:30, beyond it later
    crossing = max(drawdowns, key=lambda s: min(close[s], drawdowns[s][0]) - min(drawdowns[s]))
    threshold = -(min(close[crossing], drawdowns[crossing][0]) + min(drawdowns[crossing])) / 2
    assert threshold > 0 and close[crossing] > -threshold and drawdowns[crossing][0] > -threshold >= min(drawdowns[crossing])
    # a subject already beyond it at the close is the nightly rule's: not alerted again each morning
    already = {s for s in close if close[s] <= -threshold}
    assert already and any(min(drawdowns[s]) <= -threshold for s in already)
    expected = {
        s: next(i for i, d in enumerate(dd) if d <= -threshold)
        for s, dd in drawdowns.items()
        if min(dd) <= -threshold and s not in already
    }
    with webhook() as (url, received):
        outcome = _session(
            sandbox,
            tmp_path,
            VirtualClock(sandbox.url, READINGS[0]),
            LIVE_INTERVAL_SECONDS=HOURLY,
            ALERT_URLS=url,
            ALERT_DRAWDOWN=str(threshold),
            ALERT_DAILY_LOSS="0.5",
        )
    assert outcome.readings == len(READINGS) and outcome.exit_code == 0
    sent = [m for m in received if "Drawdown (live, intraday)" in m["title"]]
    history = state.load(Lake(str(tmp_path))).history
    starts = {(e["subject_kind"], e["subject_id"]): e for e in history if e["rule"] == "live_drawdown"}
    assert set(starts) == set(expected) and len(sent) == len(expected)  # once each, though beyond it at several readings
    assert any(sum(d <= -threshold for d in drawdowns[s]) > 1 for s in expected)
    for subject, first in expected.items():
        event = starts[subject]
        assert event["at"] == READINGS[first].isoformat(timespec="seconds")
        assert abs(event["value"] - drawdowns[subject][first]) < 1e-6
        assert f"at {READINGS[first].astimezone(NEW_YORK):%H:%M} ET on 2026-11-30" in event["message"]
    body = next(m["message"] for m in sent if starts[crossing]["name"] in m["title"])
    assert body.startswith(f"{starts[crossing]['name']} fell past the alert line today: ")
    assert f"{-100 * close[crossing]:.1f}% below it, moved by today's" in body and "(live: the 2026-11-27 close, " in body
    assert not [m for m in received if "Loss today" in m["title"]]  # nobody lost 50% today: that rule stays quiet


def test_live_alerts_are_sent_at_most_once_a_day_and_the_nightly_rules_leave_them_alone(start_sandbox, tmp_path):
    sandbox = start_sandbox(as_of=None, now=et(MONDAY, "08:00"))
    nightly(sandbox, str(tmp_path))
    changes = _changes_at(sandbox, READINGS[3])
    loser = min(changes, key=changes.get)
    with webhook() as (url, received):
        env = {
            "ALERT_URLS": url,
            "ALERT_DAILY_LOSS": str(-changes[loser] / 2),
            "ALERT_DRAWDOWN": "0.99",
            "LIVE_INTERVAL_SECONDS": HOURLY,
        }
        _session(sandbox, tmp_path, VirtualClock(sandbox.url, READINGS[0]), **env)
        first_day = [m for m in received if "Loss today (live, intraday)" in m["title"]]
        in_alarm = {
            (e["subject_kind"], e["subject_id"])
            for e in state.load(Lake(str(tmp_path))).history
            if e["rule"] == "live_daily_loss"
        }
        assert loser in in_alarm and len(first_day) == len(in_alarm)
        config = ingest_config(sandbox, str(tmp_path), **env)
        runner.run(config, sync_exit_code=0)  # the nightly rules run: live alerts are not theirs to resolve
        after_nightly = state.load(Lake(str(tmp_path)))
        assert any(state.is_live(a) for a in after_nightly.active.values())
        assert not [e for e in after_nightly.history if state.is_live(e) and e["event"] == "resolved"]
    assert _readings(tmp_path)


def _alarm(value: float) -> Alarm:
    return Alarm(
        "live_daily_loss", "symphony", "s1", "Momentum", "warning", value, -0.02, "Momentum is down", "30_live_daily_loss.sql", ""
    )


def test_a_live_alert_that_clears_and_crosses_again_the_same_day_is_not_sent_again_but_is_the_next_day():
    day1, day2 = "2026-11-30", "2026-12-01"
    now = dt.datetime(2026, 11, 30, 15, tzinfo=dt.UTC)
    first, events = state.live_transition(state.AlertState(), Evaluation([_alarm(-0.03)], []), ["json-1"], now, day1, "r1")
    assert len(events) == 1 and len(first.outbox) == 1 and "live_daily_loss:symphony:s1" in first.active
    cleared, events = state.live_transition(first, Evaluation([], []), ["json-1"], now + dt.timedelta(minutes=5), day1, "r1")
    assert events == [] and "live_daily_loss:symphony:s1" not in cleared.active  # no "resolved" message intraday
    again, events = state.live_transition(
        cleared, Evaluation([_alarm(-0.04)], []), ["json-1"], now + dt.timedelta(minutes=10), day1, "r1"
    )
    assert events == [] and "live_daily_loss:symphony:s1" in again.active
    next_day, events = state.live_transition(
        again, Evaluation([_alarm(-0.05)], []), ["json-1"], now + dt.timedelta(days=1), day2, "r1"
    )
    assert [e["as_of"] for e in events] == [day2]
