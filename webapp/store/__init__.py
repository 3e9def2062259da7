"""The dashboard's only door to the lake, in parts with one job each:

- `loading.py`: find a snapshot (latest.json, the fallback chain) and build a DuckDB connection
  with every view over it;
- `snapshots.py`: which snapshot is served (background checks, swap, fallback, close);
- `connection.py`: a snapshot's connection and cursors; each query binds its report scope;
- `cache.py`: results per snapshot, `@cached` keyed by function and arguments (`@cached_output`
  keeps a page's or callback's result as the JSON text the browser gets);
- `readers.py`, `symphony_readers.py`: one function per page query (`sql/pages/*.sql`), the
  pages' API, each given the lake it reads;
- `background.py`: the threads that check, load and warm, and stopping them;
- `lake_data.py`: LakeData, the parts put together; `webapp.app` builds one and passes it down.
"""

from __future__ import annotations

from webapp.store.connection import Snapshot
from webapp.store.lake_data import Lake, LakeData
from webapp.store.loading import LakeUnavailable, SnapshotBroken

__all__ = ["Lake", "LakeData", "LakeUnavailable", "Snapshot", "SnapshotBroken"]
