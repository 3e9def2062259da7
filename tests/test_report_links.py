"""A page's URL is parsed once into a Report: its period and account, what made no sense in the
link, the parameters that reproduce it, and what it measures in a snapshot; every internal link
keeps it."""

from __future__ import annotations

import datetime as dt

import pytest

from webapp import links
from webapp.date_range import Period
from webapp.report import EVERYTHING, Report, Scope

ACCOUNT = "0b6f1c9e-3d0a-4f57-9d1e-1a2b3c4d5e6f"
LAST_DAY = dt.date(2026, 12, 3)


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"range": "1Y"},
        {"range": "YTD", "account": ACCOUNT},
        {"start": "2025-01-02", "end": "2025-06-30"},
        {"end": "2025-06-30"},
    ],
)
def test_a_report_reproduces_the_query_it_was_parsed_from(query):
    report = Report.from_query(query)
    assert report.problem is None and report.query() == query and Report.from_query(report.query()) == report


def test_an_account_is_read_in_composers_spelling_and_all_means_every_account():
    assert Report.from_query({"account": ACCOUNT.upper()}).account_id == ACCOUNT
    assert Report.from_query({"account": "all"}) == EVERYTHING and Report.from_query({"account": "all"}).problem is None


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ({"range": "2Y"}, "The range in the link is not one of 1M, 3M, YTD, 1Y, ALL; showing the whole history."),
        ({"range": "1Y", "start": "2025-01-02"}, "The link gives both a preset range and dates; showing the whole history."),
        ({"start": "2025-13-01"}, "The dates in the link are not YYYY-MM-DD; showing the whole history."),
        ({"account": "nobody"}, "The account in the link is not an account id; showing every account."),
    ],
)
def test_what_makes_no_sense_in_a_link_is_said_and_the_report_falls_back(query, problem):
    report = Report.from_query(query)
    assert report.problem == problem and report == EVERYTHING


def test_a_report_resolves_against_the_snapshot_it_is_measured_in():
    one_year = Report.from_query({"range": "1Y", "account": ACCOUNT})
    assert one_year.scope(LAST_DAY, {ACCOUNT: "ROTH_IRA"}) == Scope(dt.date(2025, 12, 4), LAST_DAY, ACCOUNT)
    assert one_year.scope(LAST_DAY, {}) == Scope(dt.date(2025, 12, 4), LAST_DAY, None)  # an account the snapshot lacks
    assert EVERYTHING.scope(LAST_DAY, {}) == Scope()
    assert Report.of_days(dt.date(2026, 1, 5), LAST_DAY).period == Period(preset=None, start=dt.date(2026, 1, 5), end=LAST_DAY)


def test_links_keep_the_report_and_quote_what_they_put_in_a_path():
    report = Report.from_query({"range": "3M", "account": ACCOUNT})
    assert links.strategy("abc123", report) == f"/strategy/abc123?range=3M&account={ACCOUNT}"
    assert links.strategy("a/b c", EVERYTHING) == "/strategy/a%2Fb%20c"
    assert links.overview(report.with_every_account()) == "/?range=3M"
    assert links.page("/portfolio", EVERYTHING) == "/portfolio"


def test_a_compare_link_names_at_most_the_symphonies_a_chart_can_tell_apart():
    ids = [f"s{i}" for i in range(links.MAX_COMPARED + 3)]
    href = links.compare(ids, Report.from_query({"range": "1M"}))
    assert href == f"/compare?symphonies={','.join(ids[: links.MAX_COMPARED])}&range=1M"
