"""An account's fills and cash events, read from Composer's report CSVs window by window."""

from __future__ import annotations

import datetime as dt
import logging

import pyarrow.compute as pc

from ingest import normalize
from ingest.client import ComposerClient
from ingest.config import IngestConfig
from ingest.errors import ComposerDataError, ComposerNotFound, ComposerRequestError, ComposerUnavailable, ValidationError
from ingest.snapshots import Previous
from ingest.sync_results import ActivityResult, SetAside

log = logging.getLogger("ingest")


REPORT_TYPES = ("trade-activity", "non-trade-activity")


REPORT_OVERLAP = dt.timedelta(days=7)  # re-read the last week of reports: late-settling rows


def report_windows(first: dt.date, last: dt.date, days: int) -> list[tuple[dt.date, dt.date]]:
    """Consecutive windows of whole days from first to last (each at most `days` long)."""
    windows, start = [], first
    while start <= last:
        end = min(start + dt.timedelta(days=days - 1), last)
        windows.append((start, end))
        start = end + dt.timedelta(days=1)
    return windows


def collect_activity(
    client: ComposerClient, config: IngestConfig, account: dict, previous: Previous | None, today: dt.date
) -> ActivityResult:
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
    set_aside: list[SetAside] = []
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
                set_aside.append(SetAside(account_id, str(exc), report=report_type, since=str(first), until=str(last)))
                failed.append([str(first), str(last)])
                continue
            fetched.extend(rows)
        synced[report_type] = {"through": str(today), "retry": failed}
    return ActivityResult(normalize.merge_activity_table(kept, fetched), synced, set_aside)
