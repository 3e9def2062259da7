"""What each fetch of a sync returns, typed. Nothing here writes a table: `assemble.py` alone
turns the results of every account into the snapshot's tables and the manifest's record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from ingest.drift import Drift


@dataclass(frozen=True)
class SetAside:
    """Something a run could not use, and why: a part of a symphony (its last good rows kept from
    the previous snapshot when `history_kept`, dated by `stale_since_run`), an entry of an
    account's listing that does not describe a symphony, or a window of an account's report or
    per-symphony holdings history."""

    account_id: str | None
    reason: str
    symphony_id: str | None = None
    part: str | None = None
    history_kept: bool = False
    stale_since_run: str | None = None
    report: str | None = None
    since: str | None = None
    until: str | None = None
    window: str | None = None  # what the window is called: "<report> report" unless given

    @property
    def window_name(self) -> str:
        return self.window or f"{self.report} report"

    def record(self) -> dict:
        """The entry in the manifest's `quarantined` list."""
        if self.report is not None:
            return {
                "account_id": self.account_id,
                "symphony_id": None,
                "report": self.report,
                "window": self.window_name,
                "since": self.since,
                "until": self.until,
                "reason": self.reason,
            }
        if self.symphony_id is None:
            return {"account_id": self.account_id, "symphony_id": None, "reason": self.reason}
        return {
            "account_id": self.account_id,
            "symphony_id": self.symphony_id,
            "part": self.part,
            "reason": self.reason,
            "history_kept": self.history_kept,
            "stale_since_run": self.stale_since_run,
        }


@dataclass
class SymphonyResult:
    """What one symphony gives the snapshot: its row (None: left out, with everything else of
    it), each table's rows as fetched (a list of rows, or an Arrow table for a series table),
    the tables whose rows the previous snapshot's copy supplies, and what was set aside."""

    symphony_id: str
    row: dict | None = None
    fetched: dict[str, Any] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)
    set_aside: list[SetAside] = field(default_factory=list)
    reused_live: bool = False  # its live values were taken from the previous snapshot (no new day)
    reused_backtest: bool = False
    note: str | None = None


@dataclass(frozen=True)
class ActivityResult:
    """An account's fills and cash events (merged with what the previous snapshot had), how far
    each report was read, and the report windows that could not be read."""

    table: pa.Table
    synced: dict[str, dict]
    set_aside: list[SetAside]


@dataclass(frozen=True)
class HoldingsHistoryResult:
    """An account's symphony holdings history (the previous rows merged with this run's), how
    far it was read and from where, and the windows that could not be read."""

    table: pa.Table
    synced: dict
    set_aside: list[SetAside]


@dataclass
class AccountResult:
    """One account: its own rows, its activity, each symphony's result, the listing entries that
    describe no symphony, notes for the run's record, and what its answers lacked of the spec."""

    account: dict
    values: list[dict]
    holdings: list[dict]
    order_requests: list[dict]
    activity: ActivityResult
    holdings_history: HoldingsHistoryResult
    symphonies: list[SymphonyResult]
    set_aside: list[SetAside]
    notes: list[str]
    drift: Drift
