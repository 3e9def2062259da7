"""The intraday files the views read: those the live pointer names (ingest/live/intraday_lake.py
writes it). The views are made over none (sql/duck.py), so a broken intraday file never stops a
snapshot from loading; a reader points them at the files for its queries (`point`). Python reads
the pointer by its exact key, so the dashboard never lists the bucket; the DuckDB CLI finds it with
a pattern instead (sql/cli_live.sql)."""

from __future__ import annotations

import duckdb

POINTER = "live/latest.json"


def named(con: duckdb.DuckDBPyConnection, root: str) -> list[str]:
    """The intraday files the live pointer names now ([] when there is none: a local lake gives no
    row, S3 a 404, which is not an error here). Read by its exact key: the dashboard never lists."""
    try:
        row = con.execute(
            "select json_extract_string(content, '$.days.*.file') from read_text(?)", [f"{root}/{POINTER}"]
        ).fetchone()
    except duckdb.HTTPException as exc:
        if "404" in str(exc):
            return []
        raise
    return [f"{root}/{name}" for name in (row[0] or [])] if row else []


def point(con: duckdb.DuckDBPyConnection, root: str) -> list[str]:
    """Point the intraday views of `con` at every file the pointer names now; returns them."""
    files = named(con, root)
    con.execute("set variable live_files = ?::varchar[]", [files])
    return files
