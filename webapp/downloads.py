"""Every CSV download of the dashboard, in one dialect: the data as the views hold it (raw numbers
at full precision, never "43.0%" or "$4,976"; days as 2025-02-25, times as ISO 8601 with their
offset), under the views' column names, UTF-8 without a byte-order mark, commas, fields quoted only
when they hold a comma, quote or line break, one "\\n" per row. Built on the server from the same
readers the page uses, so a download holds every row of the period, not only those on screen."""

from __future__ import annotations

import pandas as pd

from webapp.report import Scope


def _iso(column: pd.Series) -> pd.Series:
    """Days as 2025-02-25; times (with a time of day or a time zone) as ISO 8601."""
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        return column.map(lambda t: None if pd.isna(t) else t.isoformat())
    if pd.api.types.is_datetime64_any_dtype(column):
        times = column.dropna()
        if (times == times.dt.normalize()).all():
            return column.dt.strftime("%Y-%m-%d")
        return column.map(lambda t: None if pd.isna(t) else t.isoformat())
    return column


def csv_text(frame: pd.DataFrame) -> str:
    return frame.apply(_iso).to_csv(index=False, lineterminator="\n")


def csv_download(frame: pd.DataFrame, filename: str) -> dict:
    """What a dcc.Download sends for `frame`."""
    return {"content": csv_text(frame), "filename": filename, "type": "text/csv"}


def file_suffix(scope: Scope) -> str:
    """'_20250101-20251231' for a download over a bounded period, '_a1b2' more for one account,
    '' for the whole history of every account."""
    start, end = scope.bounds
    dates = f"_{start:%Y%m%d}-{end:%Y%m%d}" if start and end else ""
    return dates + (f"_{scope.account_id[-4:]}" if scope.account_id else "")
