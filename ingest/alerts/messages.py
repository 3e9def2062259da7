"""The words of an alert message: short, saying what, which symphony, the figure against the
threshold (the rule's own message says both), and a link to the page when DASHBOARD_URL is set."""

from __future__ import annotations

import urllib.parse

RULE_TITLES = {
    "drawdown": "Drawdown",
    "new_max_drawdown": "New max drawdown",
    "volatility_spike": "Volatility spike",
    "daily_loss": "Daily loss",
    "live_drawdown": "Drawdown (live, intraday)",
    "live_daily_loss": "Loss today (live, intraday)",
    "behind_backtest": "Behind its backtest",
    "stale_data": "Stale data",
    "sync_failed": "Sync failed",
    "quarantined": "Symphony set aside by the sync",
}


def rule_title(rule: str) -> str:
    return RULE_TITLES.get(rule, rule.replace("_", " ").capitalize())


def link(event: dict, dashboard_url: str | None) -> str | None:
    if not dashboard_url:
        return None
    if event.get("subject_kind") == "symphony" and event.get("subject_id"):
        return f"{dashboard_url}/strategy/{urllib.parse.quote(str(event['subject_id']), safe='')}"
    if event.get("subject_kind") == "account" and event.get("subject_id"):
        return f"{dashboard_url}/?account={urllib.parse.quote(str(event['subject_id']), safe='')}"
    return f"{dashboard_url}/"


def title(event: dict) -> str:
    what = f"{rule_title(event['rule'])}: {event['name']}"
    return f"Resolved: {what}" if event["event"] == "resolved" else f"[{event['severity']}] {what}"


def body(event: dict, dashboard_url: str | None) -> str:
    """A start: the rule's message and since when its condition holds. A resolution: that it
    resolved, on which trading day, and the subject's figure now (the rule's reading of it)."""
    since, day = event.get("since"), event.get("as_of") or event["at"][:10]
    if event["event"] == "resolved":
        lines = [f"Resolved on {day}" + (f", in alarm since {since}." if since else "."), f"Now: {event['message']}."]
    else:
        lines = [f"{event['message']}.", f"In alarm since {since or day} (data as of {day})."]
    url = link(event, dashboard_url)
    if url:
        lines.append(url)
    return "\n".join(lines)
