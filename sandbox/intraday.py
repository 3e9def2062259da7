"""How the account moves during a session: Composer's `symphony-stats-meta` (`value`,
`last_dollar_change`, `last_percent_change`) and `total-stats` (`todays_dollar_change`,
`todays_percent_change`) follow real-time prices between the open and the close. Here each
symphony's move since the previous close is a seeded Brownian bridge over the session's minutes
that ends on the day's return, so the same clock time always gives the same answer."""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np

from sandbox import calendar, market
from sandbox.market import TRADING_DAYS

MINUTES = 390  # the bridge's steps; an early close runs the same path in fewer minutes


@functools.lru_cache(maxsize=65_536)
def _path(seed: int, index: int, ordinal: int, annual_vol: float) -> np.ndarray:
    """The move since the previous close at each of the session's MINUTES + 1 steps."""
    rng = np.random.default_rng([seed, 21, index, ordinal])
    day_vol = annual_vol / np.sqrt(TRADING_DAYS)
    day_return = rng.normal(0.0, day_vol)
    walk = np.concatenate([[0.0], np.cumsum(rng.normal(0.0, day_vol / np.sqrt(MINUTES), MINUTES))])
    steps = np.arange(MINUTES + 1) / MINUTES
    return day_return * steps + (walk - steps * walk[-1])


def session_fraction(now: dt.datetime, after: dt.date) -> tuple[dt.date, float] | None:
    """(the market date, how far its session has run from 0 to 1) when `now` is in or after the
    session of the weekday after `after` (the last close the daily series hold), else None: a
    clock days past the series' end would move from a close Composer would not report."""
    session = calendar.session(now.astimezone(calendar.NEW_YORK).date())
    if session.open is None or session.market_date != market.next_weekday(after) or now < session.open:
        return None
    length = (session.close - session.open).total_seconds()
    return session.market_date, min(1.0, (now - session.open).total_seconds() / length)


def move(seed: int, index: int, annual_vol: float, market_date: dt.date, fraction: float) -> float:
    return float(_path(seed, index, market_date.toordinal(), annual_vol)[round(fraction * MINUTES)])


def apply(entry: dict, close_value: float, change: float, market_date: dt.date) -> dict:
    """A stats-meta entry as it reads `change` (a fraction) after the previous close."""
    dollars = close_value * change
    return {
        **entry,
        "value": round(close_value + dollars, 2),
        "last_dollar_change": round(dollars, 7),
        "last_percent_change": round(change, 6),
        "as_of": str(market_date),
    }
