"""The report period every page shows, as it lives in the URL: `?range=1M|3M|YTD|1Y|ALL` or a
custom `?start=YYYY-MM-DD&end=YYYY-MM-DD`. Pure functions: parse the query, resolve a preset
against the last day of data, and describe the result.

Presets count back from the snapshot's last trading day, not from today: a 1M view on a
weekend still shows a month of returns. The period's returns are the ones dated start..end; the
views take the close before start as the base (see sql/staging/returns_in_range.sql).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

PRESETS = ("1M", "3M", "YTD", "1Y", "ALL")
DEFAULT = "ALL"
RANGE_KEYS = ("range", "start", "end")


@dataclass(frozen=True)
class Period:
    """What the URL asked for: a preset, or custom bounds (None: open on that side)."""

    preset: str | None = DEFAULT
    start: dt.date | None = None
    end: dt.date | None = None

    def bounds(self, last_day: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
        """The dates handed to the views: (range_start, range_end)."""
        if self.preset is None:
            return self.start, self.end
        if self.preset == "ALL" or last_day is None:
            return None, None
        if self.preset == "YTD":
            return dt.date(last_day.year, 1, 1), last_day
        months = {"1M": 1, "3M": 3, "1Y": 12}[self.preset]
        return _months_before(last_day, months) + dt.timedelta(days=1), last_day

    def query(self) -> dict[str, str]:
        """The URL parameters that reproduce this period (none for the default)."""
        if self.preset == DEFAULT:
            return {}
        if self.preset:
            return {"range": self.preset}
        return {k: v.isoformat() for k, v in (("start", self.start), ("end", self.end)) if v}


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last_of_month = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_of_month))


def parse(query: Mapping[str, object]) -> tuple[Period, str | None]:
    """The period a page's query parameters ask for, and a message when they made no sense (the
    page then shows the whole history and says why)."""
    preset, start, end = (query.get(key) for key in RANGE_KEYS)
    if preset is not None and (start is not None or end is not None):
        return Period(), "The link gives both a preset range and dates; showing the whole history."
    if preset is not None:
        name = str(preset).strip().upper()
        if name in PRESETS:
            return Period(preset=name), None
        return Period(), f"The range in the link is not one of {', '.join(PRESETS)}; showing the whole history."
    if start is None and end is None:
        return Period(), None
    try:
        first = dt.date.fromisoformat(str(start)) if start else None
        last = dt.date.fromisoformat(str(end)) if end else None
    except ValueError:
        return Period(), "The dates in the link are not YYYY-MM-DD; showing the whole history."
    if first and last and first > last:
        return Period(), "The link's start date is after its end date; showing the whole history."
    return Period(preset=None, start=first, end=last), None


def describe(bounds: tuple[dt.date | None, dt.date | None], first_day: dt.date | None, last_day: dt.date | None) -> str:
    """'2025-11-21 – 2026-11-20' with open sides filled from the data."""
    start, end = bounds
    shown_start, shown_end = start or first_day, end or last_day
    if shown_start is None or shown_end is None:
        return "no data yet"
    return f"{shown_start:%Y-%m-%d} – {shown_end:%Y-%m-%d}"
