"""The dashboard's only door to the lake, in parts with one job each:

- `loading.py`: find a snapshot (latest.json, the fallback chain) and build a DuckDB connection
  with every view over it;
- `snapshots.py`: which snapshot is served (background checks, swap, fallback, close);
- `connection.py`: a snapshot's connection and cursors; each query binds its report scope;
- `cache.py`: results per snapshot, `@cached` keyed by function and arguments (`@cached_output`
  keeps a page's or callback's result as the JSON text the browser gets);
- `readers.py`: one function per page query (`sql/pages/*.sql`), the pages' API;
- `background.py`: the threads that check, load and warm, and stopping them;
- `lake_data.py`: LakeData, the parts put together.
"""

from __future__ import annotations

from webapp.config import WebConfig
from webapp.report_scope import ALL_HISTORY
from webapp.store.connection import Snapshot
from webapp.store.lake_data import LakeData, working_for
from webapp.store.loading import LakeUnavailable, SnapshotBroken

__all__ = ["ALL_HISTORY", "LakeData", "LakeUnavailable", "Snapshot", "SnapshotBroken", "store", "use_store"]

_store: LakeData | None = None


def store() -> LakeData:
    """The process's LakeData, built from the environment on first use (in a store's own
    background thread: that store)."""
    global _store
    if (own := working_for()) is not None:
        return own
    if _store is None:
        _store = LakeData(WebConfig.from_env())
    return _store


def use_store(data: LakeData | None) -> LakeData | None:
    """Swap the store (tests point the app at their own lake; None: build it from the
    environment again on next use)."""
    global _store
    _store = data
    return data
