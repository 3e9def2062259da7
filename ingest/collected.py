"""What one sync collects (rows and tables per lake table) and what it can reuse from the previous snapshot."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from ingest import normalize
from ingest.config import IngestConfig
from ingest.snapshots import Previous

log = logging.getLogger("ingest")


# large tables, gathered as Arrow parts per symphony (not rows); each is taken whole from the
# previous snapshot for a symphony whose source was not fetched again
SERIES_TABLES = ("daily_values", "backtest_values", "backtest_rebalances", "backtest_allocation_changes")


SOURCE_OF = {
    "daily_values": "daily_values",
    "backtest_values": "backtest_values",
    "backtest_rebalances": "backtest_values",
    "backtest_allocation_changes": "backtest_values",
}


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
