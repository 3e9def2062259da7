"""The one place a sync's results become the snapshot: every lake table, from the accounts'
and symphonies' typed results (sync_results.py) and the previous snapshot's rows of the parts a
symphony kept, and what the manifest records of the run."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from ingest import normalize
from ingest.drift import Drift
from ingest.holdings_history_sync import TABLE as HISTORY  # per account, merged with the previous snapshot's
from ingest.reuse import SERIES_TABLES, Reuse
from ingest.sync_results import AccountResult, SetAside, SymphonyResult

# the small per-symphony tables, gathered as rows
SYMPHONY_ROWS = ("holdings", "backtest_stats", "symphony_versions")


@dataclass(frozen=True)
class Snapshot:
    """A sync's snapshot before it is published: its tables, those known to equal the previous
    snapshot's, and what the manifest records of the run."""

    tables: dict[str, pa.Table]
    unchanged: set[str]
    set_aside: list[SetAside]
    notes: list[str]
    activity_sync: dict[str, dict]
    holdings_sync: dict[str, dict]
    reused: dict[str, int]

    @property
    def quarantined(self) -> list[dict]:
        """What was set aside, as the manifest lists it."""
        return [item.record() for item in self.set_aside]


def assemble(accounts: list[AccountResult], unlisted: list[SymphonyResult], reuse: Reuse, drift_notes: list[str]) -> Snapshot:
    symphonies = [r for account in accounts for r in account.symphonies] + unlisted
    published = [r for r in symphonies if r.row is not None]
    rows: dict[str, list[dict]] = {
        "accounts": [a.account for a in accounts],
        "account_values": [row for a in accounts for row in a.values],
        "account_holdings": [row for a in accounts for row in a.holdings],
        "order_requests": [row for a in accounts for row in a.order_requests],
        "symphonies": [r.row for r in published],
    }
    for table in SYMPHONY_ROWS:
        rows[table] = [row for r in published for row in _symphony_rows(r, table, reuse)]
    tables = {name: normalize.to_table(name, table_rows) for name, table_rows in rows.items()}
    activity = [a.activity.table for a in accounts]
    tables["activity"] = pa.concat_tables(activity) if activity else normalize.SCHEMAS["activity"].empty_table()
    history = [a.holdings_history.table for a in accounts]
    tables[HISTORY] = pa.concat_tables(history) if history else normalize.SCHEMAS[HISTORY].empty_table()
    unchanged = set()
    for name in SERIES_TABLES:
        tables[name], same = _series(name, published, reuse)
        if same:
            unchanged.add(name)
    tables["benchmark_values"] = normalize.benchmark_values(tables["backtest_values"])
    return Snapshot(
        tables={name: tables[name] for name in normalize.TABLES},
        unchanged=unchanged,
        set_aside=[s for a in accounts for s in (*a.activity.set_aside, *a.holdings_history.set_aside, *a.set_aside)]
        + [s for r in symphonies for s in r.set_aside],
        notes=[n for a in accounts for n in a.notes] + [r.note for r in unlisted if r.note] + drift_notes,
        activity_sync={a.account["account_id"]: a.activity.synced for a in accounts},
        holdings_sync={a.account["account_id"]: a.holdings_history.synced for a in accounts},
        reused={
            "live_values": sum(r.reused_live for r in symphonies),
            "backtests": sum(r.reused_backtest for r in symphonies),
        },
    )


def merged_drift(accounts: list[AccountResult]) -> Drift:
    drift = Drift()
    for account in accounts:
        drift.merge(account.drift)
    return drift


def _symphony_rows(result: SymphonyResult, table: str, reuse: Reuse) -> list[dict]:
    """A small table's rows of one symphony: as fetched, or the previous snapshot's."""
    if table in result.fetched:
        return result.fetched[table]
    if table not in result.kept:
        return []
    if table == "backtest_stats":
        return [reuse.stats[result.symphony_id]] if result.symphony_id in reuse.stats else []
    return reuse.rows(table, result.symphony_id)


def _series(name: str, published: list[SymphonyResult], reuse: Reuse) -> tuple[pa.Table, bool]:
    """A series table: the previous snapshot's rows of the symphonies that kept it, then the
    fetched ones; and whether it is exactly the previous snapshot's (nothing new, nothing gone)."""
    previous = reuse.previous
    kept_ids = [r.symphony_id for r in published if name in r.kept]
    fetched = [r.fetched[name] for r in published if name in r.fetched]
    reused = None
    if previous and kept_ids:
        before = previous.table(name)
        reused = before.filter(pc.is_in(before["symphony_id"], pa.array(kept_ids, pa.string())))
    parts = ([reused] if reused is not None else []) + fetched
    table = pa.concat_tables(parts) if parts else normalize.SCHEMAS[name].empty_table()
    same = bool(previous) and not fetched and reused is not None and reused.num_rows == previous.table(name).num_rows
    return table, same
