"""What a page reports on, as it lives in the URL, parsed once: `Report.from_query` turns the
page's query parameters (`?range=1Y` or `?start=&end=`, `?account=<uuid>`) into one immutable
value that pages pass to readers, links and cache keys. It is pure: a preset is resolved against
the snapshot's last trading day only when a reader runs (`readers.scope`), into the `Scope` the
data layer binds into DuckDB's `range_start`, `range_end` and `account_scope` variables
(sql/parameters.sql).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from webapp import date_range
from webapp.date_range import Period

ALL_ACCOUNTS = "all"  # the account picker's value for every account (no `account` parameter)


@dataclass(frozen=True)
class Scope:
    """The days start..end (None: open on that side) of one account (None: every account): a
    Report resolved against one snapshot."""

    start: dt.date | None = None
    end: dt.date | None = None
    account_id: str | None = None

    @property
    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        return self.start, self.end


ALL_HISTORY = Scope()


@dataclass(frozen=True)
class Report:
    """The period (a preset, or dates) and the account (None: every account) a page shows, and
    what in its link made no sense (the page then shows the whole history or every account and
    says why; not part of equality, so not of cache keys)."""

    period: Period = Period()
    account_id: str | None = None
    problem: str | None = field(default=None, compare=False)

    @classmethod
    def from_query(cls, query: Mapping[str, object] | None) -> Report:
        """The report a page's query parameters (or its `period` store) ask for."""
        query = query if isinstance(query, Mapping) else {}
        period, problem = date_range.parse(query)
        wanted = query.get("account")
        account = account_id_of(wanted) if wanted and wanted != ALL_ACCOUNTS else None
        if wanted and wanted != ALL_ACCOUNTS and account is None:
            problem = " ".join(p for p in (problem, "The account in the link is not an account id; showing every account.") if p)
        return cls(period, account, problem)

    @classmethod
    def of_days(cls, start: dt.date | None, end: dt.date | None, account_id: str | None = None) -> Report:
        """A report over fixed days (a window a page measures within its period)."""
        return cls(Period(preset=None, start=start, end=end), account_id)

    def query(self) -> dict[str, str]:
        """The URL parameters that reproduce this report (none for the whole history of every account)."""
        return self.period.query() | ({"account": self.account_id} if self.account_id else {})

    def with_every_account(self) -> Report:
        return Report(self.period)

    def scope(self, last_day: dt.date | None, accounts: Mapping[str, object]) -> Scope:
        """The days and account to measure, in a snapshot whose last trading day and accounts
        these are (an account the snapshot does not have: every account)."""
        account = self.account_id if self.account_id in accounts else None
        return Scope(*self.period.bounds(last_day), account)


EVERYTHING = Report()


def account_id_of(value: object) -> str | None:
    """The account uuid a URL parameter names, in Composer's spelling (lower-case, hyphenated),
    or None when it is not a uuid at all (`format: uuid` in Composer's spec)."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None
