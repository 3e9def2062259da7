"""One ingest run: fetch every account, normalize, publish a snapshot, refresh the artifacts.

Incremental: a symphony whose live history has no new day (same `as_of`) keeps the previous
snapshot's rows without a request, and a backtest is requested again only when the symphony was
edited or the stored one is older than BACKTEST_MAX_AGE_DAYS. A symphony whose data fails
validation is quarantined (recorded in the manifest with its reason) and the run goes on;
anything that makes the whole snapshot untrustworthy (bad credentials, an unreachable lake)
stops the run before `latest.json` changes.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from ingest import contract, normalize
from ingest.client import ComposerClient
from ingest.config import IngestConfig
from ingest.errors import ComposerDataError, ComposerNotFound, ComposerRequestError, ComposerUnavailable, ValidationError
from ingest.lake import Lake
from ingest.progress import Progress
from ingest.snapshots import Previous, prune, publish

log = logging.getLogger("ingest")


@dataclass
class RunResult:
    run_id: str
    manifest: dict
    quarantined: list[dict] = field(default_factory=list)
    seconds: float = 0.0  # the whole run: fetch, check, publish, artifacts and prune

    @property
    def exit_code(self) -> int:
        """0 success, 1 published with quarantined symphonies (2 is a failed run, raised instead)."""
        return 1 if self.quarantined else 0


def quarantined_what(item: dict) -> str:
    """What a quarantine entry set aside: a symphony, or a report window of an account."""
    if item.get("report"):
        return f"{item['report']} report {item['since']}..{item['until']} of account {item['account_id']}"
    return f"symphony {item.get('symphony_id')}"


def new_run_id(now: dt.datetime | None = None) -> str:
    """Sortable and unique: UTC time to the microsecond plus random hex."""
    now = now or dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%dT%H%M%S%fZ}-{secrets.token_hex(3)}"


# large tables, gathered as Arrow parts per symphony (not rows); each is taken whole from the
# previous snapshot for a symphony whose source was not fetched again
SERIES_TABLES = ("daily_values", "backtest_values", "backtest_rebalances", "backtest_allocation_changes")
SOURCE_OF = {
    "daily_values": "daily_values",
    "backtest_values": "backtest_values",
    "backtest_rebalances": "backtest_values",
    "backtest_allocation_changes": "backtest_values",
}
REPORT_TYPES = ("trade-activity", "non-trade-activity")
REPORT_OVERLAP = dt.timedelta(days=7)  # re-read the last week of reports: late-settling rows


@dataclass
class Collected:
    """Rows gathered for each table (Arrow parts for the series tables), what was set aside, and
    which symphonies' series were taken from the previous snapshot."""

    rows: dict[str, list[dict]] = field(
        default_factory=lambda: {name: [] for name in normalize.TABLES if name not in (*SERIES_TABLES, "activity")}
    )
    activity: list[pa.Table] = field(default_factory=list)  # one merged table per account
    parts: dict[str, list] = field(default_factory=lambda: {name: [] for name in SERIES_TABLES})
    reused_ids: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in set(SOURCE_OF.values())})
    quarantined: list[dict] = field(default_factory=list)
    reused: dict[str, int] = field(default_factory=lambda: {"live_values": 0, "backtests": 0})
    activity_sync: dict[str, dict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    kept_holdings: dict[str, list[dict]] = field(default_factory=dict)  # quarantined symphonies' previous holdings

    def tables(self, previous: Previous | None) -> tuple[dict[str, pa.Table], set[str]]:
        """Every table, and the names of those known to equal the previous snapshot's."""
        tables = {name: normalize.to_table(name, rows) for name, rows in self.rows.items()}
        tables["activity"] = pa.concat_tables(self.activity) if self.activity else normalize.SCHEMAS["activity"].empty_table()
        unchanged = set()
        for name in SERIES_TABLES:
            ids = self.reused_ids[SOURCE_OF[name]]
            reused = (
                previous.table(name).filter(pc.is_in(previous.table(name)["symphony_id"], pa.array(ids, pa.string())))
                if previous and ids
                else None
            )
            parts = ([reused] if reused is not None else []) + self.parts[name]
            tables[name] = pa.concat_tables(parts) if parts else normalize.SCHEMAS[name].empty_table()
            if previous and not self.parts[name] and reused is not None and reused.num_rows == previous.table(name).num_rows:
                unchanged.add(name)
        tables["benchmark_values"] = normalize.benchmark_values(tables["backtest_values"])
        return {name: tables[name] for name in normalize.TABLES}, unchanged


@dataclass(frozen=True)
class Plan:
    """What to fetch for one symphony, and what to take from the previous snapshot instead."""

    symphony: dict
    fetch_live: bool
    fetch_backtest: bool
    fetch_versions: bool


class Reuse:
    """Decides, per symphony, whether the previous snapshot's rows are still current."""

    def __init__(self, previous: Previous | None, config: IngestConfig, now: dt.datetime):
        self.previous = previous
        self.max_age = dt.timedelta(days=config.backtest_max_age_days)
        self.now = now
        self.symphonies = {r["symphony_id"]: r for r in previous.table("symphonies").to_pylist()} if previous else {}
        self.stats = {r["symphony_id"]: r for r in previous.table("backtest_stats").to_pylist()} if previous else {}
        self.previous_has_versions = bool(previous and previous.files("symphony_versions"))
        self._grouped: dict[str, dict[str, list[dict]]] = {}

    def plan(self, symphony: dict) -> Plan:
        before = self.symphonies.get(symphony["symphony_id"])
        stats = self.stats.get(symphony["symphony_id"])
        same_days = before is not None and before["as_of"] == symphony["as_of"] and symphony["as_of"] is not None
        fresh_backtest = (
            before is not None
            and stats is not None
            and stats.get("fetched_at") is not None
            and before["last_edit_at"] == symphony["last_edit_at"]
            and self.now - stats["fetched_at"] < self.max_age
        )
        # versions matter only for a symphony edited while live (they mark edits on its charts)
        edited_live = (
            symphony["last_edit_at"] is not None
            and symphony["invested_since"] is not None
            and symphony["last_edit_at"].date() > symphony["invested_since"]
        )
        known_edit = before is not None and before["last_edit_at"] == symphony["last_edit_at"] and self.previous_has_versions
        return Plan(
            symphony, fetch_live=not same_days, fetch_backtest=not fresh_backtest, fetch_versions=edited_live and not known_edit
        )

    def rows(self, table: str, symphony_id: str) -> list[dict]:
        """A small table's previous rows for one symphony (grouped once per table)."""
        if table not in self._grouped:
            self._grouped[table] = self.previous.rows_by_symphony(table) if self.previous else {}
        return self._grouped[table].get(symphony_id, [])


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


def report_windows(first: dt.date, last: dt.date, days: int) -> list[tuple[dt.date, dt.date]]:
    """Consecutive windows of whole days from first to last (each at most `days` long)."""
    windows, start = [], first
    while start <= last:
        end = min(start + dt.timedelta(days=days - 1), last)
        windows.append((start, end))
        start = end + dt.timedelta(days=1)
    return windows


def collect_activity(
    client: ComposerClient, config: IngestConfig, account: dict, previous: Previous | None, today: dt.date, out: Collected
) -> pa.Table:
    """Fills and cash events by report window: from the account's opening the first time, then
    from a week before the day the last run read through, plus every window a run could not
    parse (each retried until it parses). Rows are merged by identity, so overlaps never add
    copies and rows outside the windows stay."""
    account_id = account["account_uuid"]
    stored = previous.table("activity") if previous else normalize.SCHEMAS["activity"].empty_table()
    kept = stored.filter(pc.equal(stored["account_id"], account_id))
    state = previous.state("activity_sync").get(account_id, {}) if previous else {}
    opened = normalize.timestamp(account.get("first_deposit_at")) or normalize.timestamp(account.get("created_at"))
    fetched: list[dict] = []
    synced: dict[str, dict] = {}
    for report_type in REPORT_TYPES:
        last_state = state.get(report_type, {})
        through = normalize.date(last_state.get("through"))
        start = through - REPORT_OVERLAP if through else (opened.date() if opened else today - dt.timedelta(days=5 * 365))
        retry = [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in last_state.get("retry", [])]
        failed = []
        for first, last in sorted(set(retry + report_windows(start, today, config.report_window_days))):
            try:
                text = client.report(account_id, report_type, first, last)
                rows = (normalize.normalize_trade_report if report_type == "trade-activity" else normalize.normalize_cash_report)(
                    account_id, text
                )
            except (ValidationError, ComposerDataError, ComposerRequestError, ComposerNotFound, ComposerUnavailable) as exc:
                log.warning("quarantined the %s report %s..%s of account %s: %s", report_type, first, last, account_id, exc)
                out.quarantined.append(
                    {
                        "account_id": account_id,
                        "symphony_id": None,
                        "report": report_type,
                        "since": str(first),
                        "until": str(last),
                        "reason": str(exc),
                    }
                )
                failed.append([str(first), str(last)])
                continue
            fetched.extend(rows)
        synced[report_type] = {"through": str(today), "retry": failed}
    out.activity_sync[account_id] = synced
    return normalize.merge_activity_table(kept, fetched)


def collect_account(
    client: ComposerClient, config: IngestConfig, account: dict, reuse: Reuse, out: Collected, progress: Progress
) -> None:
    account_id = account.get("account_uuid")
    out.rows["accounts"].append(normalize.normalize_account(account, client.total_stats(account_id)))
    out.rows["account_values"].extend(normalize.normalize_account_values(account_id, client.portfolio_history(account_id)))
    out.rows["account_holdings"].extend(normalize.normalize_account_holdings(account_id, client.account_holdings(account_id)))
    out.activity.append(collect_activity(client, config, account, reuse.previous, reuse.now.date(), out))
    orders, limit_reached = client.order_requests(account_id, config.order_requests_limit)
    if limit_reached:
        note = (
            f"account {account_id} has at least {config.order_requests_limit} direct order requests: only the newest "
            f"{config.order_requests_limit} were kept (Composer's endpoint has no paging); raise COMPOSER_ORDER_REQUESTS_LIMIT"
        )
        log.warning("%s", note)
        out.notes.append(note)
    out.rows["order_requests"].extend(normalize.normalize_order_requests(account_id, orders))
    entries = client.symphony_stats_meta(account_id)
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
    progress.start(f"account {account_id[:8]}", len(plans))
    unavailable: list[ComposerUnavailable] = []
    with ThreadPoolExecutor(max_workers=max(1, config.max_concurrency)) as pool:
        futures = [pool.submit(fetch_symphony, client, account_id, plan, [config.benchmark_ticker], reuse.now) for plan in plans]
        for plan, future in zip(plans, futures):
            sid = plan.symphony["symphony_id"]
            try:
                fetched = future.result()
            except SYMPHONY_ERRORS as exc:
                if isinstance(exc, ComposerUnavailable):
                    unavailable.append(exc)
                quarantine_symphony(out, reuse, plan.symphony, str(exc))
                progress.advance()
                continue
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
            out.rows["symphony_versions"].extend(
                fetched.get("versions") or (reuse.rows("symphony_versions", sid) if edited_live else [])
            )
            out.reused["live_values"] += "live" not in fetched
            out.reused["backtests"] += "backtest" not in fetched
            progress.advance()
    progress.finish()
    if plans and len(unavailable) == len(plans):
        raise unavailable[0]  # Composer is down, not one symphony: fail the run, publish nothing


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


def collect(
    client: ComposerClient, config: IngestConfig, previous: Previous | None, progress: Progress | None = None
) -> Collected:
    out = Collected()
    reuse = Reuse(previous, config, dt.datetime.now(dt.UTC))
    accounts = client.accounts()
    if config.account_ids:
        accounts = [a for a in accounts if a.get("account_uuid") in config.account_ids]
    for account in accounts:
        collect_account(client, config, account, reuse, out, progress or Progress(enabled=False))
    synced_accounts = {a.get("account_uuid") for a in accounts}
    present = {r["symphony_id"] for r in out.rows["symphonies"]} | {q["symphony_id"] for q in out.quarantined}
    for sid, before in reuse.symphonies.items():
        if before["account_id"] in synced_accounts and sid not in present:
            keep_unlisted(out, reuse, before)
    quarantined_ids = {q["symphony_id"] for q in out.quarantined}
    out.rows["holdings"] = [h for h in out.rows["holdings"] if h["symphony_id"] not in quarantined_ids]
    for rows in out.kept_holdings.values():
        out.rows["holdings"].extend(rows)
    return out


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
    collected = collect(client, config, previous, progress)
    fetched = time.monotonic()
    tables, unchanged = collected.tables(previous)
    manifest = publish(
        lake,
        run_id,
        tables,
        previous,
        unchanged=unchanged,
        extra={
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "source": {
                "api_base_url": config.api_base_url_shown,
                "accounts": [r["account_id"] for r in collected.rows["accounts"]],
            },
            "quarantined": collected.quarantined,
            "notes": collected.notes,
            "activity_sync": collected.activity_sync,
            "reused_from_previous": collected.reused,
            "requests": {
                "made": client.stats.requests,
                "retries": client.stats.retries,
                "rate_limited": client.stats.rate_limited,
            },
            "timings_s": {"fetch": round(fetched - started, 3), "publish": round(time.monotonic() - fetched, 3)},
        },
    )
    removed = prune(lake, config.keep_snapshots)
    seconds = time.monotonic() - started
    log.info(
        "run %s %s: %d symphonies, %d daily rows, %d quarantined, %d requests (%d retries, %d rate-limited), "
        "%d files / %.1f KiB written, %d old snapshots pruned, %.1fs",
        run_id,
        manifest["status"],
        tables["symphonies"].num_rows,
        tables["daily_values"].num_rows,
        len(collected.quarantined),
        client.stats.requests,
        client.stats.retries,
        client.stats.rate_limited,
        manifest["files_written"],
        manifest["bytes_written"] / 1024,
        len(removed),
        seconds,
    )
    return RunResult(run_id=run_id, manifest=manifest, quarantined=collected.quarantined, seconds=seconds)
