"""After a sync (or from `python -m ingest alerts`): evaluate the rules on the published snapshot,
save the new state with its outbox, deliver the outbox, save what was delivered. A failure here
never touches the snapshot: it is reported in the summary and the next run tries again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import pathlib
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from ingest.alerts import delivery, messages, rules, state
from ingest.config import IngestConfig
from ingest.errors import LakeError
from ingest.lake import Lake
from sql import duck, live_files

log = logging.getLogger("ingest.alerts")
Sender = Callable[[str, str, str], "str | None"]  # (url, title, body) -> None or why it failed


@dataclass
class Summary:
    events: list[dict] = field(default_factory=list)
    active_alerts: list[dict] = field(default_factory=list)  # the state's active alerts after this evaluation
    delivered: int = 0
    failures: list[str] = field(default_factory=list)  # one line per message a channel did not take
    rule_errors: list[str] = field(default_factory=list)
    error: str | None = None  # the alerts step as a whole could not run

    @property
    def active(self) -> int:
        return len(self.active_alerts)

    def active_lines(self) -> list[str]:
        """One line per active alert: rule, subject, value against threshold, since, and the message now."""
        return [
            f"active {a['rule']} {a['subject_kind']} {a['name']}: value {_number(latest.get('value'))}, "
            f"threshold {_number(latest.get('threshold'))}, since {a.get('started_as_of') or '?'}: {latest.get('message')}"
            for a in self.active_alerts
            for latest in [a.get("latest") or a]
        ]

    def lines(self) -> list[str]:
        out = [f"alerts: {self.active} active, {len(self.events)} new events, {self.delivered} messages delivered"]
        out += [f"alert {e['event']}: {e['message']}" for e in self.events]
        out += self.rule_errors + [f"alert delivery failed: {f}" for f in self.failures]
        if self.error:
            out.append(f"alerts not evaluated: {self.error}")
        return out


def _number(value: object) -> str:
    return "—" if value is None else f"{value:.4g}"


def evaluate(
    config: IngestConfig,
    variables: dict[str, object],
    rules_dir: pathlib.Path = rules.RULES_DIR,
    live_now: dt.datetime | None = None,
) -> tuple[rules.Evaluation, str]:
    """The rules on the snapshot latest.json names, and that snapshot's run id. With `live_now`
    (the live rules), the intraday views read the readings the live pointer names, as of then."""
    with duck.snapshot_copy(config.s3, config.data_url, None, config.metrics, config.memory_mb) as con:
        if live_now is not None:
            live_files.point(con, duck.normalize_data_url(config.data_url))
            con.execute("set variable live_now = ?::timestamptz", [live_now])
        (run_id,) = con.execute("select run_id from snapshot").fetchone()
        return rules.evaluate(con, {**config.alert_variables, **variables}, rules_dir), run_id


def run(
    config: IngestConfig,
    lake: Lake | None = None,
    sync_exit_code: int | None = None,
    sync_message: str | None = None,
    send: bool = True,
    now: dt.datetime | None = None,
    sender: Sender = delivery.send,
) -> Summary:
    """Evaluate, remember, deliver. With send=False nothing is saved or sent: the summary says
    what would be."""
    lake = lake or Lake(config.data_url, config.s3)
    now = now or dt.datetime.now(dt.UTC)
    summary = Summary()
    try:
        previous = state.load(lake)
        evaluation, run_id = evaluate(config, {"sync_exit_code": sync_exit_code, "sync_message": sync_message})
    except (duckdb.Error, OSError, ValueError) as exc:
        summary.error = f"the published snapshot could not be read ({str(exc).splitlines()[0]}); the next run tries again"
        log.exception("alerts: the snapshot could not be evaluated")
        return summary
    summary.rule_errors = [e.line() for e in evaluation.errors]
    channels = {delivery.channel_id(u): u for u in config.alert_urls}
    decided, summary.events = state.transition(previous, evaluation, list(channels), now, run_id)
    summary.active_alerts = sorted(
        decided.active.values(), key=lambda a: (a.get("severity") != "critical", a["rule"], str(a.get("name")))
    )
    if send:
        save_and_deliver(lake, previous, decided, channels, config.dashboard_url, sender, summary)
    return summary


def save_and_deliver(
    lake: Lake,
    previous: state.AlertState,
    decided: state.AlertState,
    channels: dict[str, str],
    dashboard_url: str | None,
    sender: Sender,
    summary: Summary,
) -> None:
    """Save the decided state (its outbox with it), deliver the outbox, save what was delivered."""
    try:
        state.save(lake, decided, replaces=previous.state_id)
        if decided.outbox:
            state.save(lake, deliver(decided, channels, dashboard_url, sender, summary), replaces=decided.state_id)
    except LakeError as exc:
        summary.error = str(exc)
        log.error("alerts: %s", exc)


def deliver(saved: state.AlertState, channels: dict[str, str], dashboard_url: str | None, sender: Sender, summary: Summary):
    """Send every message owed; the state after it: delivered ones out of the outbox (and marked
    in the history once every channel has them), failed ones kept with the reason. Messages owed
    to a channel no longer in ALERT_URLS are dropped."""
    events = {e["event_id"]: e for e in saved.history}
    outbox = []
    for item in saved.outbox:
        url = channels.get(item["channel"])
        event = events.get(item["event_id"])
        if url is None or event is None:
            continue
        title = messages.title(event)
        error = sender(url, title, messages.body(event, dashboard_url))
        if error is None:
            summary.delivered += 1
            continue
        kind = item["channel"].split("-")[0]
        summary.failures.append(f"{title} to a {kind} channel: {error}; the next run sends it again")
        outbox.append({**item, "attempts": item.get("attempts", 0) + 1, "last_error": error})
    sent = {item["event_id"] for item in saved.outbox} - {o["event_id"] for o in outbox}
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    history = [{**e, "delivered_at": at} if e["event_id"] in sent else e for e in saved.history]
    return dataclasses.replace(saved, state_id=state.new_state_id(dt.datetime.now(dt.UTC)), outbox=outbox, history=history)


def send_test(config: IngestConfig, sender: Sender = delivery.send) -> list[str]:
    """A test message to every channel: one line per channel saying whether it took it."""
    lines = []
    for url in config.alert_urls:
        error = sender(url, "Test alert from Algo Trading Analytics", "Alerts reach this channel.")
        lines.append(f"{delivery.channel_id(url)}: " + ("delivered" if error is None else f"failed: {error}"))
    return lines
