"""Parsing one value leniently (numbers, timestamps, dates) and the bounds of plausible data."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from ingest.errors import ValidationError

EPOCH = dt.date(1970, 1, 1)


# Bounds of plausible data: a value outside them is a broken response, not a market event, and
# would make the metric views overflow (squares of 1e200) or divide by denormals (1e-308).
MAX_DOLLARS = 1e12  # a trillion dollars: no Composer account or backtest is worth more


MIN_NONZERO_DOLLARS = 1e-6  # a millionth of a cent: a positive value below this is noise


FIRST_LIVE_DAY = dt.date(2000, 1, 1)  # live history (Composer started in 2020); catches epoch seconds read as ms


FIRST_BACKTEST_DAY = dt.date(1970, 1, 2)  # backtests reach back decades, never before the epoch


def number(value: object) -> float | None:
    """A float, or None for "NaN", "", None, infinities and anything not numeric."""
    if value is None or isinstance(value, bool):
        return None
    try:
        parsed = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return parsed if math.isfinite(parsed) else None


def timestamp(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _series(payload: dict, key: str, symphony_id: str) -> list:
    values = payload.get(key)
    if not isinstance(values, list):
        raise ValidationError(f"symphony {symphony_id}: '{key}' is missing or not a list")
    return values


def _numbers(values: list, what: str) -> np.ndarray:
    """Floats from a JSON array ("NaN", None or text where a number belongs raise with its position)."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        array = np.array([np.nan if number(v) is None else number(v) for v in values], dtype=float)
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        raise ValidationError(f"{what}: non-numeric value at position {bad[0]} ({values[bad[0]]!r})")
    return array


def check_values(values: np.ndarray, what: str) -> None:
    """Dollar values must be 0 or within [MIN_NONZERO_DOLLARS, MAX_DOLLARS]: ValidationError
    naming the first one that is not, and its position."""
    bad = np.flatnonzero((values != 0) & ((values < MIN_NONZERO_DOLLARS) | (values > MAX_DOLLARS)))
    if bad.size:
        raise ValidationError(
            f"{what}: value {values[bad[0]]:.6g} at position {bad[0]} is outside 0 or "
            f"[{MIN_NONZERO_DOLLARS:g}, {MAX_DOLLARS:g}] dollars"
        )


def today() -> dt.date:
    """The machine's day: the latest a live value can be from (a benchmark of a future-dated
    sandbox account replaces it)."""
    return dt.date.today()


def check_days(days: np.ndarray, what: str, first: dt.date) -> None:
    """Days since the epoch must fall between `first` and tomorrow (New York is behind UTC)."""
    low, high = (first - EPOCH).days, (today() + dt.timedelta(days=1) - EPOCH).days
    bad = np.flatnonzero((days < low) | (days > high))
    if bad.size:
        day = int(days[bad[0]])
        shown = str(EPOCH + dt.timedelta(days=day)) if -700_000 < day < 2_900_000 else f"day {day}"
        raise ValidationError(f"{what}: date {shown} at position {bad[0]} is outside {first}..tomorrow")
