"""One symphony's sync, part by part: what to fetch, and what to keep when a part fails or the
symphony is no longer listed.

A symphony's parts are fetched and checked separately (kept_parts.PARTS): its live values, its backtest
(values and statistics), the backtest's rebalance days and allocation changes, its versions and its
holdings. A part that fails (a malformed answer, Composer refusing or failing after the retries) is
set aside with the reason and kept as the previous snapshot had it (or left empty when there was
none), and every other part publishes: a backtest Composer answers differently never costs the live
series, the thing a trader's money is in. Only a failed live part sets the live history aside; with
no earlier history to keep, the symphony is then left out of the snapshot."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ingest import contract, drift, normalize
from ingest.client import ComposerClient
from ingest.config import IngestConfig
from ingest.drift import Drift
from ingest.errors import ComposerDataError, ComposerNotFound, ComposerRequestError, ComposerUnavailable, ValidationError
from ingest.kept_parts import keep_part, quarantine_symphony, set_aside, set_aside_live
from ingest.progress import Progress
from ingest.reuse import Plan, Reuse
from ingest.sync_results import SetAside, SymphonyResult

# a part's fetch failing sets that part aside; the rest of the symphony and of the run goes on
SYMPHONY_ERRORS = (ValidationError, ComposerDataError, ComposerNotFound, ComposerUnavailable, ComposerRequestError)


@dataclass
class Fetched:
    """What one symphony's fetch got: each part's rows, or why the part failed, and what its
    answers lacked of the spec."""

    parts: dict[str, object] = field(default_factory=dict)
    failed: dict[str, Exception] = field(default_factory=dict)
    answered: bool = False  # Composer answered at least one of its requests
    drift: Drift = field(default_factory=Drift)

    def attempt(self, part: str, fetch: Callable[[], object]) -> object | None:
        try:
            result = fetch()
        except SYMPHONY_ERRORS as exc:
            self.failed[part] = exc
            self.answered = self.answered or not isinstance(exc, ComposerUnavailable)
            return None
        self.answered = True
        return result

    def answer(self, part: str, operation: tuple[str, str], request: Callable[[], object]) -> object | None:
        """One request's answer (None when it failed: the part is set aside), checked for drift."""
        payload = self.attempt(part, request)
        if payload is not None:
            self.drift.check(operation, payload)
        return payload


def fetch_symphony(client: ComposerClient, account_id: str, plan: Plan, benchmarks: list[str], now: dt.datetime) -> Fetched:
    sid = plan.symphony["symphony_id"]
    got = Fetched()
    if (
        plan.fetch_live
        and (payload := got.answer("live", drift.LIVE_VALUES, lambda: client.live_values(account_id, sid))) is not None
    ):
        live = got.attempt("live", lambda: normalize.normalize_live_values(account_id, sid, payload))
        if live is not None:
            got.parts["live"] = live
    if (
        plan.fetch_backtest
        and (payload := got.answer("backtest", drift.BACKTEST, lambda: client.backtest(sid, benchmarks))) is not None
    ):
        backtest = got.attempt("backtest", lambda: normalize.normalize_backtest(sid, payload))
        if backtest is not None:
            got.parts["backtest"] = (backtest[0], {**backtest[1], "fetched_at": now})
        events = got.attempt("backtest_events", lambda: normalize.normalize_backtest_events(sid, payload))
        if events is not None:
            got.parts["backtest_events"] = events
    if plan.fetch_versions and (payload := got.answer("versions", drift.VERSIONS, lambda: client.versions(sid))) is not None:
        versions = got.attempt("versions", lambda: normalize.normalize_versions(sid, payload))
        if versions is not None:
            got.parts["versions"] = versions
    return got


def holdings_at_liquidation(reuse: Reuse, symphony: dict) -> list[dict]:
    """A symphony worth nothing with no holdings was liquidated: Composer no longer says what it
    held, so keep what an earlier sync last saw (each row keeps the day Composer reported it)."""
    if symphony.get("value") or not reuse.previous:
        return []
    return reuse.rows("holdings", symphony["symphony_id"])


def plan_symphonies(account_id: str, entries: list, reuse: Reuse) -> tuple[list[Plan], list[SymphonyResult], list[SetAside]]:
    """What to fetch for each symphony the account lists (with its holdings from the listing),
    the results of symphonies whose listing entry is malformed (kept from the previous snapshot),
    and the entries that name no symphony at all."""
    plans, quarantined, unnamed = [], [], []
    for entry in entries:
        try:
            symphony = normalize.normalize_symphony(account_id, entry)
        except ValidationError as exc:
            sid = entry.get("id") if isinstance(entry, dict) else None
            if isinstance(sid, str) and contract.SYMPHONY_ID.match(sid):
                quarantined.append(quarantine_symphony(reuse, {"symphony_id": sid, "account_id": account_id}, str(exc)))
            else:
                unnamed.append(SetAside(account_id, str(exc)))
            continue
        try:
            holdings = normalize.normalize_holdings(account_id, entry)
        except ValidationError as exc:
            plans.append(dataclasses.replace(reuse.plan(symphony), holdings_problem=str(exc)))
        else:
            plans.append(dataclasses.replace(reuse.plan(symphony), holdings=holdings or holdings_at_liquidation(reuse, symphony)))
    return plans, quarantined, unnamed


def sync_symphonies(
    client: ComposerClient, config: IngestConfig, account_id: str, plans: list[Plan], reuse: Reuse, progress: Progress
) -> tuple[list[SymphonyResult], Drift]:
    """Fetch the planned symphonies INGEST_MAX_CONCURRENCY at a time, part by part: each one's
    result, and what the answers lacked of the spec. Composer answering none of the requests of
    any of them (only 5xx, timeouts or dropped connections) fails the run: it is down, not one
    symphony."""
    progress.start(f"account {account_id[:8]}", len(plans))
    attempted, unanswered, results, drift = 0, [], [], Drift()
    with ThreadPoolExecutor(max_workers=max(1, config.max_concurrency)) as pool:
        futures = [pool.submit(fetch_symphony, client, account_id, plan, [config.benchmark_ticker], reuse.now) for plan in plans]
        for plan, future in zip(plans, futures):
            fetched = future.result()
            if fetched.failed or fetched.parts:
                attempted += 1
                if not fetched.answered:
                    unanswered.append(next(iter(fetched.failed.values())))
            results.append(record_fetched(reuse, plan, fetched))
            drift.merge(fetched.drift)
            progress.advance()
    progress.finish()
    if attempted and len(unanswered) == attempted:
        raise unanswered[0]  # Composer is down, not one symphony: fail the run, publish nothing
    return results, drift


def record_fetched(reuse: Reuse, plan: Plan, fetched: Fetched) -> SymphonyResult:
    """A symphony's result: each part as fetched, else (not fetched, or failed: set aside) as the
    previous snapshot had it."""
    symphony, sid = plan.symphony, plan.symphony["symphony_id"]
    result = SymphonyResult(sid)
    if plan.holdings_problem is not None:
        set_aside(result, reuse, symphony, "holdings", plan.holdings_problem)
    else:
        result.fetched["holdings"] = plan.holdings
    if "live" in fetched.failed:
        if not set_aside_live(result, reuse, symphony, str(fetched.failed["live"])):
            return result  # no live history to keep: the symphony is left out
    else:
        result.row = symphony
        if "live" in fetched.parts:
            result.fetched["daily_values"] = fetched.parts["live"]
        else:
            keep_part(result, reuse, "live")
    _record_backtest(result, reuse, symphony, fetched)
    if "versions" in fetched.parts:
        result.fetched["symphony_versions"] = fetched.parts["versions"]
    elif "versions" in fetched.failed:
        set_aside(result, reuse, symphony, "versions", str(fetched.failed["versions"]))
    elif plan.fetch_versions or reuse.rows("symphony_versions", sid):  # edited while live: its versions still count
        keep_part(result, reuse, "versions")
    result.reused_live = "live" not in fetched.parts
    result.reused_backtest = "backtest" not in fetched.parts
    return result


def _record_backtest(result: SymphonyResult, reuse: Reuse, symphony: dict, fetched: Fetched) -> None:
    """The backtest's values and statistics, and its rebalances and allocation changes, each as
    fetched or set aside (a backtest request that failed sets both aside as one: the backtest)."""
    if "backtest" in fetched.parts:
        values, stats = fetched.parts["backtest"]
        result.fetched |= {"backtest_values": values, "backtest_stats": [stats]}
    elif "backtest" in fetched.failed:
        set_aside(result, reuse, symphony, "backtest", str(fetched.failed["backtest"]))
    else:
        keep_part(result, reuse, "backtest")
    if "backtest_events" in fetched.parts:
        rebalances, changes = fetched.parts["backtest_events"]
        result.fetched |= {"backtest_rebalances": rebalances, "backtest_allocation_changes": changes}
    elif "backtest_events" in fetched.failed:
        set_aside(result, reuse, symphony, "backtest_events", str(fetched.failed["backtest_events"]))
    else:
        keep_part(result, reuse, "backtest_events")
