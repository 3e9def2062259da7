"""The NYSE's sessions as Composer's `GET /deploy/market-hours` reports them: regular days open
09:30-16:00 New York time, the exchange's holidays closed, and its early closes at 13:00 (the day
before Independence Day, the day after Thanksgiving, Christmas Eve). The rules are the NYSE's
published ones; the sandbox's daily series (market.trading_days) keep every weekday."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

NEW_YORK = ZoneInfo("America/New_York")
OPEN = dt.time(9, 30)
CLOSE = dt.time(16, 0)
EARLY_CLOSE = dt.time(13, 0)


@dataclass(frozen=True)
class Session:
    market_date: dt.date
    open: dt.datetime | None  # None: the market is closed that day
    close: dt.datetime | None


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based; -1 the last) given weekday of a month."""
    if n < 0:
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _observed(day: dt.date) -> dt.date:
    """A fixed-date holiday on a weekend is observed on the Friday before or the Monday after."""
    return day - dt.timedelta(days=1) if day.weekday() == 5 else day + dt.timedelta(days=1) if day.weekday() == 6 else day


def holidays(year: int) -> set[dt.date]:
    days = {
        _observed(dt.date(year, 1, 1)),
        _nth_weekday(year, 1, 0, 3),  # Martin Luther King Jr. Day
        _nth_weekday(year, 2, 0, 3),  # Washington's Birthday
        _easter(year) - dt.timedelta(days=2),  # Good Friday
        _nth_weekday(year, 5, 0, -1),  # Memorial Day
        _observed(dt.date(year, 7, 4)),
        _nth_weekday(year, 9, 0, 1),  # Labor Day
        _nth_weekday(year, 11, 3, 4),  # Thanksgiving
        _observed(dt.date(year, 12, 25)),
    }
    if year >= 2022:
        days.add(_observed(dt.date(year, 6, 19)))  # Juneteenth
    return {d for d in days if d.year == year}


def early_closes(year: int) -> set[dt.date]:
    thanksgiving = _nth_weekday(year, 11, 3, 4)
    days = {dt.date(year, 7, 3), thanksgiving + dt.timedelta(days=1), dt.date(year, 12, 24)}
    return {d for d in days if d.weekday() < 5 and d not in holidays(year)}


def session(day: dt.date) -> Session:
    if day.weekday() >= 5 or day in holidays(day.year):
        return Session(day, None, None)
    close = EARLY_CLOSE if day in early_closes(day.year) else CLOSE
    return Session(
        day,
        dt.datetime.combine(day, OPEN, NEW_YORK).astimezone(dt.UTC),
        dt.datetime.combine(day, close, NEW_YORK).astimezone(dt.UTC),
    )


def week_from(now: dt.datetime) -> list[Session]:
    """Today (New York) and the next seven days: what market-hours answers."""
    today = now.astimezone(NEW_YORK).date()
    return [session(today + dt.timedelta(days=n)) for n in range(8)]


def open_session(now: dt.datetime) -> Session | None:
    """The session in progress at `now`, if any."""
    today = session(now.astimezone(NEW_YORK).date())
    return today if today.open and today.open <= now < today.close else None
