"""Each symphony's holdings, day by day: Composer's `symphony-historical-holdings`, read window
by window, merged into the previous snapshot's `symphony_holdings_history`.

Incremental: the first run reads from the account's first symphony's first live day; later runs
from the last day stored (read again, so a day read before its close is replaced). Every window
sends `end_date` (without it Composer answers start + 30 days, not through today). Where the
endpoint is not available (404: not for this key) the run adds the holdings the nightly listing
gave instead, labelled `nightly_snapshot` (the first time, with those of every snapshot still in
the lake). A window that fails is set aside and read again by the
next run; the stored days stay.
"""

from __future__ import annotations

import datetime as dt
import logging

import pyarrow as pa
import pyarrow.compute as pc

from ingest import normalize, snapshots
from ingest.activity_sync import report_windows
from ingest.client import ComposerClient
from ingest.errors import (
    ComposerDataError,
    ComposerNotFound,
    ComposerRequestError,
    ComposerUnavailable,
    IngestError,
    ValidationError,
)
from ingest.lake import SCHEMA_VERSION
from ingest.snapshots import Previous
from ingest.sync_results import HoldingsHistoryResult, SetAside

log = logging.getLogger("ingest")
TABLE = "symphony_holdings_history"
ENDPOINT = "symphony-historical-holdings"
WINDOW = "per-symphony holdings history"  # what a set-aside window of it is called


def first_live_day(listed: list[dict]) -> dt.date | None:
    """The earliest `invested_since` of the account's symphonies."""
    days = [d for entry in listed if isinstance(entry, dict) and (d := normalize.date(entry.get("invested_since")))]
    return min(days, default=None)


def empty_days(account_id: str, listed: list[dict]) -> list[tuple[str, str, dt.date]]:
    """(account, symphony, as_of) of each listed symphony that holds nothing."""
    return [
        (account_id, entry["id"], day)
        for entry in listed
        if isinstance(entry, dict) and entry.get("holdings") == [] and (day := normalize.date(entry.get("as_of")))
    ]


def earlier_nightly(previous: Previous | None, account_id: str) -> list[dict]:
    """The holdings every snapshot still in the lake recorded for the account (oldest first, each
    set of files once): the history a lake written before this table existed can start from."""
    if previous is None:
        return []
    rows: dict[tuple, dict] = {}
    seen: set[tuple[str, ...]] = set()
    for manifest in snapshots.list_runs(previous.lake):
        files = tuple(manifest.get("tables", {}).get("holdings", {}).get("files", []))
        if manifest.get("schema_version") != SCHEMA_VERSION or not files or files in seen:
            continue
        seen.add(files)
        try:
            table = previous.lake.read_table(list(files), normalize.SCHEMAS["holdings"])
        except IngestError as exc:  # a pruned or unreadable snapshot adds nothing
            log.warning("the holdings of snapshot %s could not be read: %s", manifest.get("run_id"), exc)
            continue
        for row in table.filter(pc.equal(table["account_id"], account_id)).to_pylist():
            rows[(row["symphony_id"], row["as_of"], row["ticker"])] = row
    return list(rows.values())


def merged(stored: pa.Table, new: pa.Table) -> pa.Table:
    """The stored rows, less every symphony-day the new rows cover, plus the new rows. Only days
    from the new rows' first on can be covered: the rows before it are kept without a look."""
    if new.num_rows == 0:
        return stored
    first = pc.min(new["date"])
    early = stored.filter(pc.less(stored["date"], first))
    late = stored.filter(pc.greater_equal(stored["date"], first))
    keys = pc.binary_join_element_wise(new["symphony_id"], pc.cast(new["date"], pa.string()), "|")
    late_keys = pc.binary_join_element_wise(late["symphony_id"], pc.cast(late["date"], pa.string()), "|")
    kept = late.filter(pc.invert(pc.is_in(late_keys, pc.unique(keys))))
    return pa.concat_tables([early, kept, new])


def collect_holdings_history(
    client: ComposerClient,
    window_days: int,
    account_id: str,
    listed: list[dict],
    nightly: list[dict],
    previous: Previous | None,
    today: dt.date,
) -> HoldingsHistoryResult:
    """Read the windows this account still needs; on a 404 fall back to the nightly holdings."""
    stored = previous.table(TABLE) if previous else normalize.SCHEMAS[TABLE].empty_table()
    stored = stored.filter(pc.equal(stored["account_id"], account_id))
    state = previous.state("holdings_sync").get(account_id, {}) if previous else {}
    through = normalize.date(state.get("through"))
    start = through or first_live_day(listed) or today
    retry = [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in state.get("retry", [])]
    fetched: list[pa.Table] = []
    failed: list[list[str]] = []
    set_aside: list[SetAside] = []
    for first, last in sorted(set(retry + report_windows(start, today, window_days))):
        try:
            answer = client.symphony_historical_holdings(account_id, first, last)
            fetched.append(normalize.normalize_holdings_history(account_id, answer))
        except ComposerNotFound as exc:
            log.warning("account %s: %s is not available (%s); recording the nightly holdings instead", account_id, ENDPOINT, exc)
            earlier = earlier_nightly(previous, account_id) if stored.num_rows == 0 else []
            rows = normalize.nightly_history_rows(earlier + nightly, empty_days(account_id, listed))
            fallback = normalize.to_table(TABLE, rows)
            synced = {"origin": normalize.NIGHTLY_SNAPSHOT, "through": state.get("through"), "retry": []}
            return HoldingsHistoryResult(merged(stored, fallback), synced, [])
        except (ValidationError, ComposerDataError, ComposerRequestError, ComposerUnavailable) as exc:
            log.warning("quarantined %s %s..%s of account %s: %s", ENDPOINT, first, last, account_id, exc)
            set_aside.append(SetAside(account_id, str(exc), report=ENDPOINT, since=str(first), until=str(last), window=WINDOW))
            failed.append([str(first), str(last)])
    table = merged(stored, pa.concat_tables(fetched) if fetched else normalize.SCHEMAS[TABLE].empty_table())
    read = pc.max(table.filter(pc.equal(table["origin"], normalize.COMPOSER_HISTORY))["date"]).as_py()
    synced = {"origin": normalize.COMPOSER_HISTORY, "through": str(read) if read else state.get("through"), "retry": failed}
    return HoldingsHistoryResult(table, synced, set_aside)
