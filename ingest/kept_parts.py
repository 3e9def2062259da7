"""What a sync keeps of a symphony from the previous snapshot: a part set aside (its last good rows,
marked with the reason and the snapshot they are from), and a symphony Composer no longer lists.
Each function adds to the symphony's SymphonyResult; the next run asks for a part set aside again
(reuse.Reuse.plan)."""

from __future__ import annotations

import logging

from ingest.reuse import SERIES_TABLES, Reuse
from ingest.sync_results import SetAside, SymphonyResult

log = logging.getLogger("ingest")

# a symphony's parts, what each is called in the run's output, and the lake tables each fills
PARTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "live": ("live values", ("daily_values",)),
    "backtest": ("backtest", ("backtest_values", "backtest_stats")),
    "backtest_events": ("backtest rebalances and allocation changes", ("backtest_rebalances", "backtest_allocation_changes")),
    "versions": ("versions", ("symphony_versions",)),
    "holdings": ("holdings", ("holdings",)),
}


def keep_unlisted(reuse: Reuse, before: dict) -> SymphonyResult | None:
    """A symphony the previous snapshot had that Composer no longer lists in its account (once
    liquidated it leaves the list): its history stays, as the previous snapshot had it."""
    sid = before["symphony_id"]
    if sid not in reuse.stats:
        return None
    note = f"symphony {sid} ({before['name']}) is no longer listed by Composer in its account: its history is kept"
    log.info("%s", note)
    result = SymphonyResult(sid, row=before, note=note)
    for part in PARTS:
        keep_part(result, reuse, part)
    return result


def keep_part(result: SymphonyResult, reuse: Reuse, part: str) -> bool:
    """The previous snapshot's rows of one part of a symphony, in the new snapshot; whether it had any."""
    tables = PARTS[part][1]
    result.kept.update(tables)
    return any(_had_rows(reuse, table, result.symphony_id) for table in tables)


def _had_rows(reuse: Reuse, table: str, sid: str) -> bool:
    if table in SERIES_TABLES:
        return reuse.has_series(table, sid)
    if table == "backtest_stats":
        return sid in reuse.stats
    return bool(reuse.rows(table, sid))


def set_aside(result: SymphonyResult, reuse: Reuse, symphony: dict, part: str, reason: str) -> bool:
    """Record why a symphony's part was set aside and keep its last good rows (marked stale with
    the reason and the snapshot they are from); whether there were any to keep."""
    sid, account_id = symphony["symphony_id"], symphony["account_id"]
    reason = reason.removeprefix(f"symphony {sid}: ")  # the entry names the symphony already
    kept = keep_part(result, reuse, part) if reuse.previous else False
    since = stale_since(reuse, sid, part) if kept else None
    log.warning(
        "set aside the %s of symphony %s%s: %s",
        PARTS[part][0],
        sid,
        " (the previous snapshot's are kept)" if kept else "",
        reason,
    )
    result.set_aside.append(SetAside(account_id, reason, sid, part, kept, since))
    return kept


def stale_since(reuse: Reuse, sid: str, part: str) -> str | None:
    """The snapshot a kept part is from: the previous one, or the one it was kept from already."""
    for item in reuse.previous.manifest.get("quarantined", []):
        if item.get("symphony_id") == sid and item.get("part", "live") == part and item.get("history_kept"):
            return item.get("stale_since_run") or reuse.previous.run_id
    if part == "live" and (before := reuse.symphonies.get(sid)) and before.get("stale_since_run"):
        return before["stale_since_run"]
    return reuse.previous.run_id


def set_aside_live(result: SymphonyResult, reuse: Reuse, symphony: dict, reason: str) -> bool:
    """The live part failed: the live history kept (the symphony's row marked stale with the
    reason, its as_of the day of the kept history), or, with none to keep, the symphony left out
    of the snapshot. Whether it stays in the snapshot. (The next run asks for a part set aside
    again: Reuse.plan.)"""
    kept = set_aside(result, reuse, symphony, "live", reason)
    if kept:
        before = reuse.symphonies.get(symphony["symphony_id"], {})
        since = result.set_aside[-1].stale_since_run
        result.row = {**symphony, "as_of": before.get("as_of"), "stale_reason": reason, "stale_since_run": since}
    return kept


def quarantine_symphony(reuse: Reuse, symphony: dict, reason: str) -> SymphonyResult:
    """A symphony Composer's listing itself does not describe well enough to sync (a malformed
    entry): every part kept as the previous snapshot had it."""
    result = SymphonyResult(symphony["symphony_id"])
    if set_aside_live(result, reuse, {**reuse.symphonies.get(symphony["symphony_id"], {}), **symphony}, reason):
        for part in ("backtest", "backtest_events", "versions", "holdings"):
            keep_part(result, reuse, part)
    return result
