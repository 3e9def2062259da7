"""Every internal link the pages make, built in one place: each keeps the report (period and
account) the page shows, and quotes what it puts in a path or a query."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable

from webapp.report import EVERYTHING, Report

MAX_COMPARED = 12  # symphonies on one compare page: more lines than that cannot be told apart


def page(path: str, report: Report = EVERYTHING, **params: str) -> str:
    """A page's path with its own parameters, then the report's."""
    query = params | report.query()
    return f"{path}?{urllib.parse.urlencode(query, safe=',')}" if query else path


def overview(report: Report = EVERYTHING) -> str:
    return page("/", report)


def strategy(symphony_id: str, report: Report = EVERYTHING) -> str:
    return page(f"/strategy/{urllib.parse.quote(symphony_id, safe='')}", report)


def compare(symphony_ids: Iterable[str], report: Report = EVERYTHING) -> str:
    """The compare page for at most MAX_COMPARED symphonies."""
    picked = list(symphony_ids)[:MAX_COMPARED]
    return page("/compare", report, symphonies=",".join(picked))
