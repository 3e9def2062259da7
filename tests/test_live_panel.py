"""What the overview says of today's readings (webapp/live_panel.py, pure): the headline at each
moment of a day, when the page polls, and the leaderboard's live column."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tests.helpers.live import et
from webapp import live_panel
from webapp.store.live_readers import LiveReadings, Session

DAY = dt.date(2026, 11, 30)
SESSIONS = (
    Session(DAY, et("2026-11-30", "09:30"), et("2026-11-30", "16:00")),
    Session(dt.date(2026, 12, 1), et("2026-12-01", "09:30"), et("2026-12-01", "16:00")),
)


def _live(now: dt.datetime, age: float, open_now: bool, stale: bool, over: bool) -> LiveReadings:
    rows = [
        {"subject_kind": "account", "subject_id": "a1", "value": 1000.0, "todays_percent_change": 0.01},
        {"subject_kind": "symphony", "subject_id": "s1", "value": 500.0, "todays_percent_change": -0.02},
        {"subject_kind": "symphony", "subject_id": "gone", "value": 0.0, "todays_percent_change": 0.021},
    ]
    common = {
        "market_date": pd.Timestamp(DAY), "reading_time_et": "14:35", "age_seconds": age, "market_open_now": open_now,
        "is_stale": stale, "session_over": over, "interval_seconds": 300.0, "market_close_et": "16:00",
    }  # fmt: skip
    return LiveReadings(now, SESSIONS, pd.DataFrame([r | common for r in rows]))


def test_the_headline_says_live_stale_or_the_close_and_of_which_day():
    assert live_panel.headline(_live(et("2026-11-30", "14:37"), 120, True, False, False)) == "Today (live, 14:35 ET)"
    stale = live_panel.headline(_live(et("2026-11-30", "14:47"), 720, True, True, False))
    assert stale == "Today (live, 14:35 ET · stale: no reading for 12 min)"
    assert (
        live_panel.headline(_live(et("2026-11-30", "17:00"), 8700, False, False, True))
        == "Today (at the close, last reading 14:35 ET)"
    )
    assert (
        live_panel.headline(_live(et("2026-12-01", "08:00"), 1e5, False, False, True))
        == "Mon Nov 30 (at the close, last reading 14:35 ET)"
    )
    waiting = live_panel.headline(_live(et("2026-12-01", "09:40"), 1e5, False, False, True))
    assert waiting == "Mon Nov 30 (at the close, last reading 14:35 ET) · no reading yet today"


def test_the_page_polls_only_in_market_hours_and_looks_again_at_the_next_open():
    assert live_panel.poll(_live(et("2026-11-30", "14:37"), 120, True, False, False), 60) == (60_000, False)
    assert live_panel.poll(_live(et("2026-12-01", "09:00"), 1e5, False, False, True), 60) == (1_801_000, False)
    assert live_panel.poll(_live(et("2026-11-30", "17:00"), 1e4, False, False, True), 60) == (3_600_000, False)  # within the hour
    assert live_panel.poll(None, 60) == (60_000, True)  # no live job: no polling at all


def test_the_live_column_follows_the_name_and_leaves_out_a_symphony_worth_nothing_now():
    columns = [{"field": "name"}, {"field": "sharpe"}]
    rows = [{"symphony_id": "s1"}, {"symphony_id": "gone"}, {"symphony_id": "unread"}]
    new_columns, new_rows = live_panel.with_live_column(columns, rows, _live(et("2026-11-30", "14:37"), 120, True, False, False))
    assert [c["field"] for c in new_columns] == ["name", live_panel.FIELD, "sharpe"]
    assert new_columns[1]["headerName"] == "Today (live, 14:35 ET)"
    assert [r[live_panel.FIELD] for r in new_rows] == [-0.02, None, None]
    assert live_panel.with_live_column(new_columns, new_rows, None) == (
        columns,
        [{"symphony_id": i} for i in ("s1", "gone", "unread")],
    )
