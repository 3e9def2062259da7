"""The live job's loop: ask market-hours, then while the session lasts take a reading every
LIVE_INTERVAL_SECONDS (or one, with --once), append it to the intraday table and evaluate the
live alert rules. A reading costs two requests per account (total-stats, symphony-stats-meta); a
failed one is reported and the next interval tries again, while the last good one stays
published."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from ingest import snapshots
from ingest.client import ComposerClient
from ingest.config import IngestConfig
from ingest.errors import IngestError
from ingest.lake import Lake
from ingest.live import intraday_lake, market_hours, preview
from ingest.live.clock import Clock
from ingest.live.market_hours import Session
from ingest.normalize import intraday

NEW_YORK = ZoneInfo("America/New_York")
log = logging.getLogger("ingest.live")
AfterReading = Callable[[Session, dt.datetime], list[str]]  # the live alerts: lines to print


def et(moment: dt.datetime) -> str:
    return f"{moment.astimezone(NEW_YORK):%H:%M} ET"


@dataclass
class Outcome:
    readings: int = 0
    failed: int = 0
    lines: list[str] = field(default_factory=list)
    show: Callable[[str], None] | None = None  # each line as it happens (the loop runs for hours)

    def say(self, *lines: str) -> None:
        self.lines.extend(lines)
        for line in lines if self.show is not None else ():
            self.show(line)

    @property
    def exit_code(self) -> int:
        """0 when every reading (or no reading: market closed) was published, 1 when one failed."""
        return 1 if self.failed else 0


def account_ids(config: IngestConfig, lake: Lake, client: ComposerClient) -> list[str]:
    """COMPOSER_ACCOUNT_IDS, else the accounts of the published snapshot (no request), else
    Composer's account list."""
    if config.account_ids:
        return list(config.account_ids)
    published = snapshots.Previous(lake)
    if published.run_id:
        ids = published.table("accounts").column("account_id").to_pylist()
        if ids:
            return ids
    return [a["account_uuid"] for a in client.accounts() if isinstance(a, dict) and a.get("account_uuid")]


def take_reading(
    client: ComposerClient, accounts: list[str], session: Session, now: dt.datetime, interval_s: float
) -> tuple[list[dict], list[str]]:
    """Every account's rows at `now`, and what was left out of them (intraday.reading_rows)."""
    when = intraday.when(session.market_date, now, session.open, session.close, interval_s)
    rows: list[dict] = []
    left_out: list[str] = []
    for account_id in accounts:
        totals = client.total_stats(account_id)
        account_rows, account_left_out = intraday.reading_rows(account_id, totals, client.symphony_stats_meta(account_id), when)
        rows += account_rows
        left_out += account_left_out
    return rows, left_out


def run(
    config: IngestConfig,
    client: ComposerClient,
    lake: Lake,
    clock: Clock,
    once: bool = False,
    after_reading: AfterReading | None = None,
    show: Callable[[str], None] | None = None,
) -> Outcome:
    outcome = Outcome(show=show)
    sessions = market_hours.parse(client.get("/deploy/market-hours"))
    session = market_hours.current(sessions, clock.now())
    if session is None:
        upcoming = market_hours.next_open(sessions, clock.now())
        opens = f"; it opens {upcoming.open.astimezone(NEW_YORK):%a %Y-%m-%d %H:%M} ET" if upcoming else ""
        outcome.say(f"the market is closed now ({et(clock.now())}, Composer's market-hours){opens}: no reading taken")
        return outcome
    accounts = account_ids(config, lake, client)
    outcome.say(
        f"market open {session.market_date} until {et(session.close)}: reading {len(accounts)} accounts"
        + ("" if once else f" every {config.live_interval_s:g} s")
        + f" ({2 * len(accounts)} requests a reading)"
    )
    while True:
        started = clock.now()
        _one_reading(config, client, lake, accounts, session, market_hours.as_json(sessions), started, outcome)
        outcome.say(*preview.take_if_due(client, lake, accounts, session, started, config.live_preview_minutes))
        if after_reading is not None:
            outcome.say(*after_reading(session, started))
        next_at = started + dt.timedelta(seconds=config.live_interval_s)
        if once or next_at >= session.close:
            break
        clock.sleep((next_at - clock.now()).total_seconds())
    if not once:
        outcome.say(f"the session closes at {et(session.close)}: {outcome.readings} readings, {outcome.failed} failed")
    return outcome


def _one_reading(
    config: IngestConfig,
    client: ComposerClient,
    lake: Lake,
    accounts: list[str],
    session: Session,
    week: list[dict],
    now: dt.datetime,
    outcome: Outcome,
) -> None:
    """One reading published (or its failure said); `week`: the sessions the pointer keeps."""
    try:
        rows, left_out = take_reading(client, accounts, session, now, config.live_interval_s)
        table = intraday.reading_table(rows)
        pointer = intraday_lake.append(lake, table, session.market_date, config.live_keep_days, now, week)
    except IngestError as exc:
        outcome.failed += 1
        log.error("the reading at %s failed: %s", et(now), exc)
        outcome.say(
            f"reading at {et(now)} failed ({exc}); the last good reading stays published and the next interval tries again"
        )
        return
    outcome.readings += 1
    day = pointer["days"][str(session.market_date)]
    outcome.say(f"reading at {et(now)}: {len(rows)} rows ({day['readings']} readings today)")
    if left_out:
        outcome.say(
            f"  left out of this reading ({len(left_out)}): " + "; ".join(left_out[:5]) + (" …" if len(left_out) > 5 else "")
        )
