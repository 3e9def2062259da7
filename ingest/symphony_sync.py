"""One symphony's sync: what to fetch, what to keep when it fails or is no longer listed."""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor

from ingest import contract, normalize
from ingest.client import ComposerClient
from ingest.collected import Collected, Plan, Reuse
from ingest.config import IngestConfig
from ingest.errors import ComposerDataError, ComposerNotFound, ComposerRequestError, ComposerUnavailable, ValidationError
from ingest.progress import Progress

log = logging.getLogger("ingest")


def fetch_symphony(client: ComposerClient, account_id: str, plan: Plan, benchmarks: list[str], now: dt.datetime) -> dict:
    sid = plan.symphony["symphony_id"]
    out: dict = {}
    if plan.fetch_live:
        out["live"] = normalize.normalize_live_values(account_id, sid, client.live_values(account_id, sid))
    if plan.fetch_backtest:
        payload = client.backtest(sid, benchmarks)
        rows, stats = normalize.normalize_backtest(sid, payload)
        out["backtest"] = (rows, {**stats, "fetched_at": now})
        out["backtest_events"] = normalize.normalize_backtest_events(sid, payload)
    if plan.fetch_versions:
        out["versions"] = normalize.normalize_versions(sid, client.versions(sid))
    return out


def holdings_at_liquidation(reuse: Reuse, symphony: dict) -> list[dict]:
    """A symphony worth nothing with no holdings was liquidated: Composer no longer says what it
    held, so keep what an earlier sync last saw (each row keeps the day Composer reported it)."""
    if symphony.get("value") or not reuse.previous:
        return []
    return reuse.rows("holdings", symphony["symphony_id"])


def keep_unlisted(out: Collected, reuse: Reuse, before: dict) -> None:
    """A symphony the previous snapshot had that Composer no longer lists in its account (once
    liquidated it leaves the list): its history stays, as the previous snapshot had it."""
    sid = before["symphony_id"]
    if sid not in reuse.stats:
        return
    note = f"symphony {sid} ({before['name']}) is no longer listed by Composer in its account: its history is kept"
    log.info("%s", note)
    out.notes.append(note)
    out.rows["symphonies"].append(before)
    out.reused_ids["daily_values"].append(sid)
    out.reused_ids["backtest_values"].append(sid)
    out.rows["backtest_stats"].append(reuse.stats[sid])
    out.rows["symphony_versions"].extend(reuse.rows("symphony_versions", sid))
    out.rows["holdings"].extend(reuse.rows("holdings", sid))


# one symphony's sync failing sets that symphony aside; the rest of the run goes on
SYMPHONY_ERRORS = (ValidationError, ComposerDataError, ComposerNotFound, ComposerUnavailable, ComposerRequestError)


def quarantine_symphony(out: Collected, reuse: Reuse, symphony: dict, reason: str) -> None:
    """Record why a symphony was set aside and keep its last good history: the previous
    snapshot's rows, marked stale with the reason (a symphony new this run has none to keep)."""
    sid, account_id = symphony["symphony_id"], symphony["account_id"]
    before = reuse.symphonies.get(sid)
    kept = before is not None and sid in reuse.stats
    log.warning("quarantined symphony %s%s: %s", sid, " (its previous history is kept)" if kept else "", reason)
    out.quarantined.append({"account_id": account_id, "symphony_id": sid, "reason": reason, "history_kept": kept})
    if not kept:
        return
    stale_since = before.get("stale_since_run") or reuse.previous.run_id
    out.rows["symphonies"].append({**before, "stale_reason": reason, "stale_since_run": stale_since})
    out.reused_ids["daily_values"].append(sid)
    out.reused_ids["backtest_values"].append(sid)
    out.rows["backtest_stats"].append(reuse.stats[sid])
    out.rows["symphony_versions"].extend(reuse.rows("symphony_versions", sid))
    out.kept_holdings[sid] = reuse.rows("holdings", sid)


def plan_symphonies(account_id: str, entries: list, reuse: Reuse, out: Collected) -> list[Plan]:
    """What to fetch for each symphony the account lists (a malformed entry is quarantined);
    their holdings go straight into `out`."""
    plans = []
    for entry in entries:
        try:
            symphony = normalize.normalize_symphony(account_id, entry)
            holdings = normalize.normalize_holdings(account_id, entry)
        except ValidationError as exc:
            sid = entry.get("id") if isinstance(entry, dict) else None
            if isinstance(sid, str) and contract.SYMPHONY_ID.match(sid):
                quarantine_symphony(out, reuse, {"symphony_id": sid, "account_id": account_id}, str(exc))
            else:
                out.quarantined.append({"account_id": account_id, "symphony_id": None, "reason": str(exc)})
            continue
        plans.append(reuse.plan(symphony))
        out.rows["holdings"].extend(holdings or holdings_at_liquidation(reuse, symphony))
    return plans


def sync_symphonies(
    client: ComposerClient,
    config: IngestConfig,
    account_id: str,
    plans: list[Plan],
    reuse: Reuse,
    out: Collected,
    progress: Progress,
) -> None:
    """Fetch the planned symphonies INGEST_MAX_CONCURRENCY at a time; one that fails is
    quarantined, and Composer failing for every one fails the run (it is down)."""
    progress.start(f"account {account_id[:8]}", len(plans))
    unavailable: list[ComposerUnavailable] = []
    with ThreadPoolExecutor(max_workers=max(1, config.max_concurrency)) as pool:
        futures = [pool.submit(fetch_symphony, client, account_id, plan, [config.benchmark_ticker], reuse.now) for plan in plans]
        for plan, future in zip(plans, futures):
            try:
                record_fetched(out, reuse, plan, future.result())
            except SYMPHONY_ERRORS as exc:
                if isinstance(exc, ComposerUnavailable):
                    unavailable.append(exc)
                quarantine_symphony(out, reuse, plan.symphony, str(exc))
            progress.advance()
    progress.finish()
    if plans and len(unavailable) == len(plans):
        raise unavailable[0]  # Composer is down, not one symphony: fail the run, publish nothing


def record_fetched(out: Collected, reuse: Reuse, plan: Plan, fetched: dict) -> None:
    """A synced symphony's rows: what was fetched, and from the previous snapshot what was not."""
    sid = plan.symphony["symphony_id"]
    out.rows["symphonies"].append(plan.symphony)
    if "live" in fetched:
        out.parts["daily_values"].append(fetched["live"])
    else:
        out.reused_ids["daily_values"].append(sid)
    if "backtest" in fetched:
        backtest, stats = fetched["backtest"]
        out.parts["backtest_values"].append(backtest)
        out.parts["backtest_rebalances"].append(fetched["backtest_events"][0])
        out.parts["backtest_allocation_changes"].append(fetched["backtest_events"][1])
    else:
        out.reused_ids["backtest_values"].append(sid)
        stats = reuse.stats[sid]
    out.rows["backtest_stats"].append(stats)
    edited_live = plan.fetch_versions or reuse.rows("symphony_versions", sid)
    out.rows["symphony_versions"].extend(fetched.get("versions") or (reuse.rows("symphony_versions", sid) if edited_live else []))
    out.reused["live_values"] += "live" not in fetched
    out.reused["backtests"] += "backtest" not in fetched
