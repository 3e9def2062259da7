"""The intraday files the views read: those the live pointer names (ingest/live/intraday_lake.py
writes it). The views are made over none (sql/duck.py), so a broken intraday file never stops a
snapshot from loading; a reader points them at the files for its queries (`point`). Python reads
the pointer by its exact key, so the dashboard never lists the bucket; the DuckDB CLI finds it with
a pattern instead (sql/cli_live.sql)."""

from __future__ import annotations

import json

import duckdb

POINTER = "live/latest.json"
PREVIEW = "live/preview.json"  # the day's dry-run preview (ingest/live/preview.py)


def pointer(con: duckdb.DuckDBPyConnection, root: str) -> dict | None:
    """The live pointer, or None when there is none."""
    return read_document(con, root, POINTER)


def read_document(con: duckdb.DuckDBPyConnection, root: str, key: str) -> dict | None:
    """A JSON document of the live job, or None when there is none (a local lake gives no row, S3
    a 404, which is not an error here) or it is not a JSON object. Read by its exact key: the
    dashboard never lists."""
    try:
        row = con.execute("select content from read_text(?)", [f"{root}/{key}"]).fetchone()
    except duckdb.HTTPException as exc:
        if "404" in str(exc):
            return None
        raise
    try:
        body = json.loads(row[0]) if row else None
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def files(body: dict | None, root: str, newest_only: bool = False) -> list[str]:
    """The pointer's day files under `root`: every kept day's, or the newest day's alone."""
    days = (body or {}).get("days") or {}
    if not days:
        return []
    kept = [days[max(days)]] if newest_only else list(days.values())
    return [f"{root}/{day['file']}" for day in kept]


def named(con: duckdb.DuckDBPyConnection, root: str) -> list[str]:
    """The intraday files the live pointer names now ([] when there is none)."""
    return files(pointer(con, root), root)


def point(con: duckdb.DuckDBPyConnection, root: str) -> list[str]:
    """Point the intraday views of `con` at every file the pointer names now; returns them."""
    files = named(con, root)
    con.execute("set variable live_files = ?::varchar[]", [files])
    return files
