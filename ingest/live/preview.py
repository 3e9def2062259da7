"""Once a market day, LIVE_PREVIEW_MINUTES before the close (15:30 ET on a full day, before
Composer's rebalance window of about 15:45-16:00 ET), ask Composer's dry run what each symphony
would trade and store it at `live/preview.json` (replaced each day) for the strategy page. One
request for every account. Composer's 400 `dry-run-markets-closed` is stored as an answer."""

from __future__ import annotations

import datetime as dt
import logging

from ingest.client import ComposerClient
from ingest.errors import ComposerRequestError, IngestError
from ingest.lake import Lake
from ingest.live.market_hours import Session
from ingest.normalize import preview
from sql.live_files import PREVIEW

log = logging.getLogger("ingest.live")


def due(session: Session, now: dt.datetime, minutes: int, lake: Lake) -> bool:
    """Whether this reading should take the day's preview: at or after its time, before the close,
    and none stored for the day yet."""
    if minutes <= 0 or not session.close - dt.timedelta(minutes=minutes) <= now < session.close:
        return False
    stored = lake.read_json(PREVIEW) or {}
    return stored.get("market_date") != str(session.market_date)


def take(client: ComposerClient, lake: Lake, accounts: list[str], session: Session, now: dt.datetime) -> str:
    """Ask, store, and say what was stored (a line for the job's output)."""
    try:
        document = preview.preview_document(client.dry_run(accounts), session.market_date, now)
    except ComposerRequestError as exc:
        if exc.code != preview.MARKETS_CLOSED:
            raise
        document = preview.closed_document(session.market_date, now, str(exc))
    lake.write_json(PREVIEW, document)
    if document["status"] != "ok":
        return f"Composer's dry run answered that the markets are closed: stored as the day's preview ({PREVIEW})"
    trading = [s for s in document["symphonies"] if s["trades"]]
    return f"preview of the day's rebalance stored: {len(trading)} of {len(document['symphonies'])} symphonies would trade ({PREVIEW})"


def take_if_due(
    client: ComposerClient, lake: Lake, accounts: list[str], session: Session, now: dt.datetime, minutes: int
) -> list[str]:
    """The preview when it is due; a failure is said and leaves the previous preview."""
    try:
        if not due(session, now, minutes, lake):
            return []
        return [take(client, lake, accounts, session, now)]
    except IngestError as exc:
        log.error("the dry-run preview failed: %s", exc)
        return [f"the dry-run preview failed ({exc}); the next reading tries again"]
