"""What one sync collects (rows and tables per lake table) and what it can reuse from the previous snapshot."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from ingest import normalize
from ingest.config import IngestConfig
from ingest.drift import Drift
from ingest.snapshots import Previous

log = logging.getLogger("ingest")


# large tables, gathered as Arrow parts per symphony (not rows); each is taken whole from the
# previous snapshot for a symphony whose part was not fetched again (or failed: symphony_sync.py)
SERIES_TABLES = ("daily_values", "backtest_values", "backtest_rebalances", "backtest_allocation_changes")


@dataclass
class Collected:
    """Rows gathered for each table (Arrow parts for the series tables), what was set aside, and
    which symphonies' series were taken from the previous snapshot."""

    rows: dict[str, list[dict]] = field(
        default_factory=lambda: {name: [] for name in normalize.TABLES if name not in (*SERIES_TABLES, "activity")}
    )
    activity: list[pa.Table] = field(default_factory=list)  # one merged table per account
    parts: dict[str, list] = field(default_factory=lambda: {name: [] for name in SERIES_TABLES})
    reused_ids: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in SERIES_TABLES})
    quarantined: list[dict] = field(default_factory=list)  # what was set aside: a symphony's part, or a report window
    reused: dict[str, int] = field(default_factory=lambda: {"live_values": 0, "backtests": 0})
    activity_sync: dict[str, dict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    kept_holdings: dict[str, list[dict]] = field(default_factory=dict)  # previous holdings of symphonies whose holdings failed
    drift: Drift = field(default_factory=Drift)  # what Composer's answers lacked of its spec

    def tables(self, previous: Previous | None) -> tuple[dict[str, pa.Table], set[str]]:
        """Every table, and the names of those known to equal the previous snapshot's."""
        tables = {name: normalize.to_table(name, rows) for name, rows in self.rows.items()}
        tables["activity"] = pa.concat_tables(self.activity) if self.activity else normalize.SCHEMAS["activity"].empty_table()
        unchanged = set()
        for name in SERIES_TABLES:
            ids = self.reused_ids[name]
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
