"""Composer's `GET /deploy/market-hours` read into sessions: when the market opens and closes on
each day of the coming week (half-days and holidays as Composer says; nothing is hard-coded)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ingest.errors import ComposerDataError


@dataclass(frozen=True)
class Session:
    market_date: dt.date
    open: dt.datetime | None  # None: closed that day
    close: dt.datetime | None

    def holds(self, now: dt.datetime) -> bool:
        return self.open is not None and self.close is not None and self.open <= now < self.close


def _moment(value: object, where: str) -> dt.datetime | None:
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ComposerDataError(f"market-hours: {where} is {str(value)[:40]!r}, not an ISO date-time") from None
    if moment.tzinfo is None:
        raise ComposerDataError(f"market-hours: {where} ({value}) has no UTC offset, so its time is unknown")
    return moment.astimezone(dt.UTC)


def parse(body: object) -> list[Session]:
    """The sessions of the answer, by date; a day marked open without both times is an error
    (the job would not know when to stop)."""
    if not isinstance(body, dict) or not isinstance(body.get("market_hours"), list):
        raise ComposerDataError("market-hours did not return {'market_hours': [...]}")
    sessions = []
    for day in body["market_hours"]:
        if not isinstance(day, dict) or "nyse_market_date" not in day:
            raise ComposerDataError("market-hours: a day has no nyse_market_date")
        try:
            market_date = dt.date.fromisoformat(str(day["nyse_market_date"]))
        except ValueError:
            raise ComposerDataError(
                f"market-hours: nyse_market_date {str(day['nyse_market_date'])[:20]!r} is not a date"
            ) from None
        if not day.get("is_market_open"):
            sessions.append(Session(market_date, None, None))
            continue
        opens = _moment(day.get("market_open"), f"market_open of {market_date}")
        closes = _moment(day.get("market_close"), f"market_close of {market_date}")
        if opens is None or closes is None or closes <= opens:
            raise ComposerDataError(
                f"market-hours: {market_date} is open but its market_open/market_close are missing or out of order"
            )
        sessions.append(Session(market_date, opens, closes))
    return sorted(sessions, key=lambda s: s.market_date)


def as_json(sessions: list[Session]) -> list[dict]:
    """The open sessions as the live pointer keeps them (ISO date-times in UTC)."""
    return [
        {"market_date": str(s.market_date), "open": s.open.isoformat(), "close": s.close.isoformat()}
        for s in sessions
        if s.open is not None and s.close is not None
    ]


def current(sessions: list[Session], now: dt.datetime) -> Session | None:
    return next((s for s in sessions if s.holds(now)), None)


def next_open(sessions: list[Session], now: dt.datetime) -> Session | None:
    return next((s for s in sessions if s.open is not None and s.open > now), None)
