"""One ingest run: fetch every account, normalize, publish a snapshot, refresh the artifacts.

Incremental: a symphony whose live history has no new day (same `as_of`) keeps the previous
snapshot's rows without a request, and a backtest is requested again only when the symphony was
edited or the stored one is older than BACKTEST_MAX_AGE_DAYS. A part of a symphony whose answer
fails (its live values, backtest, versions or holdings) is set aside alone, recorded in the
manifest with its reason and kept from the previous snapshot, and the run goes on;
anything that makes the whole snapshot untrustworthy (bad credentials, an unreachable lake)
stops the run before `latest.json` changes.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from dataclasses import dataclass, field

from ingest import drift, normalize
from ingest.activity_sync import collect_activity
from ingest.assemble import Snapshot, assemble, merged_drift
from ingest.client import ComposerClient
from ingest.config import IngestConfig
from ingest.drift import Drift
from ingest.holdings_history_sync import collect_holdings_history
from ingest.kept_parts import PARTS, keep_unlisted
from ingest.lake import Lake
from ingest.progress import Progress
from ingest.reuse import Reuse
from ingest.snapshots import Previous, prune, publish
from ingest.symphony_sync import plan_symphonies, sync_symphonies
from ingest.sync_results import AccountResult

log = logging.getLogger("ingest")


@dataclass
class RunResult:
    run_id: str
    manifest: dict
    quarantined: list[dict] = field(default_factory=list)
    seconds: float = 0.0  # the whole run: fetch, check, publish, artifacts and prune

    @property
    def exit_code(self) -> int:
        """0 success, 1 published with something set aside (a part of a symphony, a report window;
        2 is a failed run, raised instead)."""
        return 1 if self.quarantined else 0


def quarantined_what(item: dict) -> str:
    """What a quarantine entry set aside: a part of a symphony, or a report window of an account."""
    if item.get("report"):
        return f"{_window(item)} {item['since']}..{item['until']} of account {item['account_id']}"
    if item.get("symphony_id") is None:
        return f"a symphony of account {item.get('account_id')}"
    return f"the {PARTS[item.get('part') or 'live'][0]} of symphony {item['symphony_id']}"


def _window(item: dict) -> str:
    """What a set-aside window is called (a manifest before windows were named: a report's)."""
    return item.get("window") or f"{item['report']} report"


def _window_kind(item: dict) -> str:
    """'report window' for any report's, '<its name> window' for another endpoint's."""
    window = _window(item)
    return "report window" if window.endswith(" report") else f"{window} window"


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def set_aside_summary(quarantined: list[dict]) -> str:
    """What the run set aside, counted by kind: how many of each part were kept from the previous
    snapshot or left empty, and always how many live series were lost (a symphony left out)."""
    counts: dict[str, list[int]] = {}  # by a part's name, or a kind of window ("report window")
    for item in quarantined:
        kind = _window_kind(item) if item.get("report") else PARTS[item.get("part") or "live"][0]
        counts.setdefault(kind, [0, 0])[0 if item.get("history_kept") else 1] += 1
    parts = []
    for kind, (kept, empty) in counts.items():
        if kind.endswith(" window"):
            parts.append(f"{_counted(kept + empty, kind, kind + 's')} (fetched again by the next run)")
        else:
            symphonies = _counted(kept + empty, "symphony", "symphonies")
            parts.append(f"the {kind} of {symphonies} ({kept} kept from the previous snapshot, {empty} left empty)")
    lost = counts.get(PARTS["live"][0], [0, 0])[1]
    return f"set aside: {'; '.join(parts) or 'nothing'}; {lost} live series lost"


def new_run_id(now: dt.datetime | None = None) -> str:
    """Sortable and unique: UTC time to the microsecond plus random hex."""
    now = now or dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%dT%H%M%S%fZ}-{secrets.token_hex(3)}"


def collect_account(
    client: ComposerClient, config: IngestConfig, account: dict, reuse: Reuse, progress: Progress
) -> AccountResult:
    """One account: its own figures, activity and direct orders, then every symphony in it."""
    account_id = account.get("account_uuid")
    totals, history, holdings = (
        client.total_stats(account_id),
        client.portfolio_history(account_id),
        client.account_holdings(account_id),
    )
    found = Drift()
    for operation, payload in (
        (drift.TOTAL_STATS, totals),
        (drift.PORTFOLIO_HISTORY, history),
        (drift.ACCOUNT_HOLDINGS, holdings),
    ):
        found.check(operation, payload)
    account_row = normalize.normalize_account(account, totals)
    values = normalize.normalize_account_values(account_id, history)
    holdings_rows = normalize.normalize_account_holdings(account_id, holdings)
    activity = collect_activity(client, config, account, reuse.previous, reuse.now.date())
    orders, limit_reached = client.order_requests(account_id, config.order_requests_limit)
    notes = []
    if limit_reached:
        note = (
            f"account {account_id} has at least {config.order_requests_limit} direct order requests: only the newest "
            f"{config.order_requests_limit} were kept (Composer's endpoint has no paging); raise COMPOSER_ORDER_REQUESTS_LIMIT"
        )
        log.warning("%s", note)
        notes.append(note)
    listed = client.symphony_stats_meta(account_id)
    found.check(drift.STATS_META, {"symphonies": listed})
    plans, quarantined, unnamed = plan_symphonies(account_id, listed, reuse)
    fetched, symphony_drift = sync_symphonies(client, config, account_id, plans, reuse, progress)
    found.merge(symphony_drift)
    nightly = [row for result in fetched for row in result.fetched.get("holdings", [])]
    history = collect_holdings_history(
        client, config.holdings_window_days, account_id, listed, nightly, reuse.previous, reuse.now.date()
    )
    return AccountResult(
        account=account_row,
        values=values,
        holdings=holdings_rows,
        order_requests=normalize.normalize_order_requests(account_id, orders),
        activity=activity,
        holdings_history=history,
        symphonies=quarantined + fetched,
        set_aside=unnamed,
        notes=notes,
        drift=found,
    )


def collect(
    client: ComposerClient, config: IngestConfig, previous: Previous | None, progress: Progress | None = None
) -> Snapshot:
    """Every account's results, the symphonies Composer no longer lists, assembled into the snapshot."""
    reuse = Reuse(previous, config, dt.datetime.now(dt.UTC))
    accounts = client.accounts()
    if config.account_ids:
        accounts = [a for a in accounts if a.get("account_uuid") in config.account_ids]
    results = [collect_account(client, config, account, reuse, progress or Progress(enabled=False)) for account in accounts]
    synced_accounts = {a.get("account_uuid") for a in accounts}
    present = {r.symphony_id for result in results for r in result.symphonies}
    unlisted = [
        kept
        for sid, before in reuse.symphonies.items()
        if before["account_id"] in synced_accounts and sid not in present and (kept := keep_unlisted(reuse, before))
    ]
    drift_notes = merged_drift(results).notes()
    for note in drift_notes:
        log.warning("%s", note)
    return assemble(results, unlisted, reuse, drift_notes)


def run(
    config: IngestConfig,
    client: ComposerClient,
    lake: Lake | None = None,
    progress: Progress | None = None,
) -> RunResult:
    started = time.monotonic()
    run_id = new_run_id()
    lake = lake or Lake(config.data_url, config.s3)
    lake.check_reachable()
    previous = None if config.full_refresh else Previous(lake)
    log.info(
        "run %s: fetching from %s into %s (previous snapshot: %s)",
        run_id,
        config.api_base_url_shown,
        config.data_url,
        previous and previous.run_id,
    )
    snapshot = collect(client, config, previous, progress)
    fetched = time.monotonic()
    manifest = publish(
        lake,
        run_id,
        snapshot.tables,
        previous,
        unchanged=snapshot.unchanged,
        extra=run_record(config, client, snapshot, started, fetched),
    )
    removed = prune(lake, config.keep_snapshots)
    seconds = time.monotonic() - started
    log_summary(run_id, manifest, snapshot, client, len(removed), seconds)
    return RunResult(run_id=run_id, manifest=manifest, quarantined=snapshot.quarantined, seconds=seconds)


def run_record(config: IngestConfig, client: ComposerClient, snapshot: Snapshot, started: float, fetched: float) -> dict:
    """What the manifest says about the run besides its tables (no secret: the API address as shown)."""
    return {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "source": {"api_base_url": config.api_base_url_shown, "accounts": snapshot.tables["accounts"]["account_id"].to_pylist()},
        "quarantined": snapshot.quarantined,
        "notes": snapshot.notes,
        "activity_sync": snapshot.activity_sync,
        "holdings_sync": snapshot.holdings_sync,
        "reused_from_previous": snapshot.reused,
        "requests": {
            "made": client.stats.requests,
            "retries": client.stats.retries,
            "rate_limited": client.stats.rate_limited,
            "limiter_wait_s": round(client.stats.limiter_wait_s, 1),
        },
        "timings_s": {"fetch": round(fetched - started, 3)},  # the manifest is written before publishing ends
    }


def log_summary(run_id: str, manifest: dict, snapshot: Snapshot, client: ComposerClient, pruned: int, seconds: float) -> None:
    log.info(
        "run %s %s: %d symphonies, %d daily rows, %d set aside, %d requests (%d retries, %d rate-limited, "
        "%.0f s waiting on the client's rate limits), %d files / %.1f KiB written, %d old snapshots pruned, %.1fs",
        run_id,
        manifest["status"],
        snapshot.tables["symphonies"].num_rows,
        snapshot.tables["daily_values"].num_rows,
        len(snapshot.set_aside),
        client.stats.requests,
        client.stats.retries,
        client.stats.rate_limited,
        client.stats.limiter_wait_s,
        manifest["files_written"],
        manifest["bytes_written"] / 1024,
        pruned,
        seconds,
    )
