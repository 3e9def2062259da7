"""The live alert rules (sql/alerts/live/) after each intraday reading: evaluated on the published
snapshot with the intraday table as it is now, through the same state and outbox as the nightly
rules; each alert is sent at most once a market day (state.live_transition)."""

from __future__ import annotations

import datetime as dt
import logging

import duckdb

from ingest.alerts import delivery, rules, runner, state
from ingest.config import IngestConfig
from ingest.lake import Lake

LIVE_RULES_DIR = rules.RULES_DIR / "live"
log = logging.getLogger("ingest.alerts")


def run(
    config: IngestConfig, lake: Lake, market_date: dt.date, now: dt.datetime, sender: runner.Sender = delivery.send
) -> runner.Summary:
    summary = runner.Summary()
    try:
        previous = state.load(lake)
        evaluation, run_id = runner.evaluate(config, {}, LIVE_RULES_DIR, live_now=now)
    except (duckdb.Error, OSError, ValueError) as exc:
        summary.error = f"the live rules could not be evaluated ({str(exc).splitlines()[0]}); the next reading tries again"
        log.exception("live alerts: the snapshot could not be evaluated")
        return summary
    summary.rule_errors = [e.line() for e in evaluation.errors]
    channels = {delivery.channel_id(u): u for u in config.alert_urls}
    decided, summary.events = state.live_transition(previous, evaluation, list(channels), now, str(market_date), run_id)
    summary.active_alerts = [a for a in decided.active.values() if state.is_live(a)]
    runner.save_and_deliver(lake, previous, decided, channels, config.dashboard_url, sender, summary)
    return summary
