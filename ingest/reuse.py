"""What a sync can reuse from the previous snapshot, and so what it asks Composer for: a Plan per symphony."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ingest.config import IngestConfig
from ingest.snapshots import Previous

# large tables, gathered as Arrow tables per symphony (not rows); a symphony's rows are taken
# whole from the previous snapshot when its part was not fetched again (or failed: kept_parts.py)
SERIES_TABLES = ("daily_values", "backtest_values", "backtest_rebalances", "backtest_allocation_changes")


@dataclass(frozen=True)
class Plan:
    """What to fetch for one symphony, and what to take from the previous snapshot instead."""

    symphony: dict
    fetch_live: bool
    fetch_backtest: bool
    fetch_versions: bool
    holdings: list[dict] = field(default_factory=list)  # from the account's listing
    holdings_problem: str | None = None  # why the listing's holdings could not be read


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
        self._series_ids: dict[str, set[str]] = {}
        # the parts the previous run set aside, per symphony: asked for again (a part recorded
        # before parts existed was the whole symphony: its live values)
        self.set_aside: dict[str, set[str]] = {}
        for item in previous.manifest.get("quarantined", []) if previous else []:
            if item.get("symphony_id"):
                self.set_aside.setdefault(item["symphony_id"], set()).add(item.get("part") or "live")

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
        retry = self.set_aside.get(symphony["symphony_id"], set())
        return Plan(
            symphony,
            fetch_live=not same_days or "live" in retry,
            fetch_backtest=not fresh_backtest or bool(retry & {"backtest", "backtest_events"}),
            fetch_versions=edited_live and (not known_edit or "versions" in retry),
        )

    def has_series(self, table: str, symphony_id: str) -> bool:
        """Whether the previous snapshot has rows of a series table for a symphony."""
        if table not in self._series_ids:
            ids = self.previous.table(table)["symphony_id"].unique().to_pylist() if self.previous else []
            self._series_ids[table] = set(ids)
        return symphony_id in self._series_ids[table]

    def rows(self, table: str, symphony_id: str) -> list[dict]:
        """A small table's previous rows for one symphony (grouped once per table)."""
        if table not in self._grouped:
            self._grouped[table] = self.previous.rows_by_symphony(table) if self.previous else {}
        return self._grouped[table].get(symphony_id, [])
