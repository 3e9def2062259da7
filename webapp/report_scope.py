"""What every query measures, as one immutable value: the days of the report period and the
account (one, or every account of the login). Pages build it once from the URL
(`range_bar.scope_of`) and pass it down; the data layer binds it into DuckDB's `range_start`,
`range_end` and `account_scope` variables (sql/parameters.sql) and keys its cache with it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """The days start..end (None: open on that side) of one account (None: every account)."""

    start: dt.date | None = None
    end: dt.date | None = None
    account_id: str | None = None

    @property
    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        return self.start, self.end


ALL_HISTORY = Scope()


def account_id_of(value: object) -> str | None:
    """The account uuid a URL parameter names, in Composer's spelling (lower-case, hyphenated),
    or None when it is not a uuid at all (`format: uuid` in Composer's spec)."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None
