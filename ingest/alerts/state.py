"""Alert state in the lake: which alerts are active, the messages not yet delivered (the outbox)
and the history of every start and resolution. Written like the manifests: a new file under
alerts/state/, then the pointer alerts/latest.json by compare-and-swap, so a crash leaves the
previous state whole, and the outbox is saved before anything is sent: nothing is lost, and a
message is sent again only if the process dies between sending it and saving that it was sent."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass, field

from ingest.alerts.rules import Alarm, Evaluation
from ingest.errors import LakeError
from ingest.lake import Lake

POINTER = "alerts/latest.json"
STATE_PREFIX = "alerts/state/"
STATE_FILES_KEPT = 10  # each holds the whole history: the older ones only matter to a post-mortem
LIVE_RULE_PREFIX = "live_"  # the rules of sql/alerts/live/, which `python -m ingest live` evaluates


log = logging.getLogger("ingest.alerts")


class StateConflict(LakeError):
    """Another alerts run saved a state in between: its decisions stand."""


@dataclass
class AlertState:
    state_id: str | None = None
    evaluated_at: str | None = None
    snapshot_run_id: str | None = None
    active: dict[str, dict] = field(default_factory=dict)  # alert_id -> the alarm as first raised, and since when
    outbox: list[dict] = field(default_factory=list)  # messages owed to a channel
    history: list[dict] = field(default_factory=list)  # one row per start or resolution
    thresholds: dict[str, str] = field(default_factory=dict)  # the alert_* variables of the evaluation

    def as_json(self) -> dict:
        return {
            "state_id": self.state_id,
            "evaluated_at": self.evaluated_at,
            "snapshot_run_id": self.snapshot_run_id,
            "active": sorted(self.active.values(), key=lambda a: a["alert_id"]),
            "outbox": self.outbox,
            "history": self.history,
            "thresholds": self.thresholds,
        }

    @classmethod
    def from_json(cls, data: dict | None) -> AlertState:
        if not data:
            return cls()
        return cls(
            state_id=data.get("state_id"),
            evaluated_at=data.get("evaluated_at"),
            snapshot_run_id=data.get("snapshot_run_id"),
            active={a["alert_id"]: a for a in data.get("active", [])},
            outbox=list(data.get("outbox", [])),
            history=list(data.get("history", [])),
            thresholds=dict(data.get("thresholds", {})),
        )


def new_state_id(now: dt.datetime) -> str:
    return f"{now:%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:6]}"


def transition(
    previous: AlertState, evaluation: Evaluation, channels: list[str], now: dt.datetime, snapshot_run_id: str | None
) -> tuple[AlertState, list[dict]]:
    """The next state and the events (started / resolved) that make it, with one outbox entry
    per event and channel. Alerts of a rule file that failed keep their previous state.

    An alert's start (`started_as_of`) is the day its condition began in the data, as the rule
    says (`since`), else the snapshot's last trading day; an alert already active takes an earlier
    start when the rule finds one (a state saved before the rule said it). A resolution reports
    the subject's figure now, from the rule's reading of it, else that the rule no longer finds it."""
    state_id = new_state_id(now)
    at = now.isoformat(timespec="seconds")
    current: dict[str, Alarm] = {a.alert_id: a for a in evaluation.alarms}
    failed = evaluation.failed_files
    events: list[dict] = []
    active: dict[str, dict] = {}
    for alert_id, alarm in current.items():
        since = alarm.since or evaluation.as_of
        if alert_id in previous.active:
            before = previous.active[alert_id]
            known = [d for d in (before.get("started_as_of"), since) if d]
            active[alert_id] = {**before, "started_as_of": min(known, default=None), "latest": alarm.as_dict(), "latest_at": at}
        else:
            active[alert_id] = {
                **alarm.as_dict(),
                "started_at": at,
                "started_as_of": since,
                "latest": alarm.as_dict(),
                "latest_at": at,
            }
            events.append(_event("started", alarm.as_dict(), at, state_id, since, evaluation.as_of, len(channels)))
    for alert_id, before in previous.active.items():
        if alert_id in current:
            continue
        if before.get("file") in failed or is_live(before):  # a live alert is the live job's to clear
            active[alert_id] = before  # its rule could not be evaluated: neither started nor resolved
            continue
        now_reading = evaluation.readings.get(alert_id)
        last = before.get("latest", before)
        resolved = (
            now_reading.as_dict()
            if now_reading
            else {**last, "value": None, "message": f"{last.get('name')} is no longer found by the {last.get('rule')} rule"}
        )
        events.append(_event("resolved", resolved, at, state_id, before.get("started_as_of"), evaluation.as_of, len(channels)))
    outbox = list(previous.outbox) + [
        {"event_id": e["event_id"], "channel": channel, "attempts": 0, "last_error": None} for e in events for channel in channels
    ]
    state = AlertState(
        state_id=state_id,
        evaluated_at=at,
        snapshot_run_id=snapshot_run_id,
        active=active,
        outbox=outbox,
        history=previous.history + events,
        thresholds=evaluation.thresholds,
    )
    return state, events


def is_live(alert: dict) -> bool:
    return str(alert.get("rule", "")).startswith(LIVE_RULE_PREFIX)


def live_transition(
    previous: AlertState,
    evaluation: Evaluation,
    channels: list[str],
    now: dt.datetime,
    market_date: str,
    snapshot_run_id: str | None,
) -> tuple[AlertState, list[dict]]:
    """The state after the live rules ran on a reading: an alarm starts an alert, and a message,
    only if that alert has not started on this market date already (at most one a day, however
    often the figure crosses the threshold); one no longer in alarm leaves the active list without
    a message. The nightly rules' alerts are untouched."""
    state_id = new_state_id(now)
    at = now.isoformat(timespec="seconds")
    started_today = {
        e["alert_id"] for e in previous.history if is_live(e) and e["event"] == "started" and e.get("as_of") == market_date
    }
    failed = evaluation.failed_files
    active = {k: a for k, a in previous.active.items() if not is_live(a) or a.get("file") in failed}
    events = []
    for alarm in evaluation.alarms:
        before = previous.active.get(alarm.alert_id)
        if before is not None and before.get("started_as_of") == market_date:
            active[alarm.alert_id] = {**before, "latest": alarm.as_dict(), "latest_at": at}
            continue
        active[alarm.alert_id] = {
            **alarm.as_dict(),
            "started_at": at,
            "started_as_of": market_date,
            "latest": alarm.as_dict(),
            "latest_at": at,
        }
        if alarm.alert_id not in started_today:
            events.append(_event("started", alarm.as_dict(), at, state_id, market_date, market_date, len(channels)))
    outbox = list(previous.outbox) + [
        {"event_id": e["event_id"], "channel": channel, "attempts": 0, "last_error": None} for e in events for channel in channels
    ]
    state = AlertState(state_id, at, snapshot_run_id, active, outbox, previous.history + events, previous.thresholds)
    return state, events


def _event(kind: str, alarm: dict, at: str, state_id: str, since: str | None, as_of: str | None, channels: int) -> dict:
    """`at`: when the rules ran; `as_of`: the trading day of the data they ran on; `since`: the
    trading day the alert's condition began; `channels`: how many channels it is owed to."""
    return {
        "event_id": f"{alarm['alert_id']}@{kind}@{state_id}",
        "event": kind,
        "at": at,
        "as_of": as_of,
        "since": since,
        **{
            k: alarm.get(k)
            for k in ("alert_id", "rule", "subject_kind", "subject_id", "name", "severity", "value", "threshold", "message")
        },
        "channels": channels,
        "delivered_at": None,
    }


def load(lake: Lake) -> AlertState:
    return AlertState.from_json(lake.read_json(POINTER))


def save(lake: Lake, state: AlertState, replaces: str | None) -> None:
    """Write the state's file, then move the pointer to it, but only if the pointer still names
    `replaces` (the state this one was computed from)."""
    body = state.as_json()
    lake.write_json(f"{STATE_PREFIX}{state.state_id}.json", body)

    def decide(current: dict | None) -> dict | None:
        return body if (current or {}).get("state_id") == replaces else None

    if lake.swap_json(POINTER, decide) is None:
        raise StateConflict(
            "another alerts run saved its state while this one ran: its messages stand and this run sends nothing; "
            "the next run evaluates again"
        )
    prune(lake, keep=state.state_id)


def prune(lake: Lake, keep: str | None) -> None:
    """Delete all but the newest STATE_FILES_KEPT state files (never `keep`, the one the pointer
    names): a nightly job writes one or two a night, each with the whole history. Housekeeping:
    a failure is logged, never raised."""
    try:
        keys = sorted(k for k in lake.list_keys(STATE_PREFIX.rstrip("/")) if k.endswith(".json"))
        lake.delete([k for k in keys[:-STATE_FILES_KEPT] if not k.endswith(f"/{keep}.json")])
    except LakeError as exc:
        log.warning("old alert state files were not removed: %s", exc)
