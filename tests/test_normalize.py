"""Normalizers turn real captured Composer responses into typed rows, and refuse bad data."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ingest import normalize
from ingest.errors import ValidationError
from tests.helpers.sandbox import load_fixture


def test_normalize_symphony_keeps_composer_figures_from_the_captured_response():
    entry = load_fixture("symphony_stats_meta.json")["symphonies"][0]
    row = normalize.normalize_symphony("acct", entry)
    assert row["symphony_id"] == "n2ooAZTvBRN6ZzpMmWmU"
    assert row["composer_sharpe"] == pytest.approx(1.5777)
    assert row["composer_max_drawdown"] == pytest.approx(0.2552)
    assert row["invested_since"] == dt.date(2024, 7, 12)
    assert row["last_edit_at"] == dt.datetime(2026, 4, 6, 8, 40, 26, 379115, tzinfo=dt.UTC)
    table = normalize.to_table(
        "symphonies", [normalize.normalize_symphony("acct", e) for e in load_fixture("symphony_stats_meta.json")["symphonies"]]
    )
    assert table.num_rows == 11 and table.schema == normalize.SCHEMAS["symphonies"]


def test_normalize_holdings_of_the_captured_response():
    entry = load_fixture("symphony_stats_meta.json")["symphonies"][0]
    rows = normalize.normalize_holdings("acct", entry)
    assert rows[0] == {
        "account_id": "acct",
        "symphony_id": "n2ooAZTvBRN6ZzpMmWmU",
        "ticker": "ARM",
        "allocation": 0.020042336,
        "price": 256.73,
        "quantity": 0.12722,
        "value": 32.6611906,
        "as_of": dt.date(2026, 5, 20),
    }


def test_normalize_backtest_sorts_epoch_day_keys_of_the_captured_response():
    payload = load_fixture("backtest_response.json")
    table, stats = normalize.normalize_backtest("INfCn3eKsu6i4oTTqdUp", payload)
    rows = table.to_pylist()
    assert table.schema == normalize.SCHEMAS["backtest_values"]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert rows[0] == {
        "symphony_id": "INfCn3eKsu6i4oTTqdUp",
        "series": "symphony",
        "date": dt.date(2023, 12, 28),
        "value": 9950.25,
    }
    assert stats["first_day"] == dt.date(1970, 1, 1) + dt.timedelta(days=19719)
    assert stats["win_rate"] == pytest.approx(0.5074380165289256)
    assert stats["max_drawdown"] == pytest.approx(0.26160247356865884)


def test_normalize_account_reads_total_stats_of_the_captured_response():
    row = normalize.normalize_account(
        {"account_uuid": "a-1", "created_at": "2024-01-02T03:04:05Z"}, load_fixture("total_stats.json")
    )
    assert row["portfolio_value"] == 12893.7 and row["net_deposits"] == 7617.12
    assert row["created_at"] == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [("NaN", None), ("", None), (None, None), ("1.5", 1.5), (2, 2.0), ("inf", None), (True, None), ("abc", None)],
)
def test_number_parses_leniently_to_null(raw, parsed):
    assert normalize.number(raw) == parsed


def live(ms: list, series: list, adjusted: list | None = None) -> dict:
    return {"epoch_ms": ms, "series": series, "deposit_adjusted_series": adjusted if adjusted is not None else series}


DAY = 86_400_000
B = 19_000 * DAY  # 2022-01-08


def test_normalize_live_values_turns_epoch_ms_into_dates():
    rows = normalize.normalize_live_values("a", "s", live([19_000 * DAY, 19_001 * DAY], [100, 101.5])).to_pylist()
    assert [r["date"] for r in rows] == [dt.date(2022, 1, 8), dt.date(2022, 1, 9)]
    assert rows[1]["value"] == 101.5


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (live([B, B + DAY], [1.0]), "differ in length"),
        (live([B, B + DAY], [1.0, "abc"]), "non-numeric"),
        (live([B, B], [1.0, 2.0]), "duplicate date"),
        (live([B + DAY, B], [1.0, 2.0]), "unsorted date"),
        (live([], []), "empty"),
        ({"epoch_ms": [B]}, "'series' is missing"),
        (live([1_700_000_000, 1_700_086_400], [1.0, 2.0]), r"date 1970-01-20 at position 0 is outside 2000-01-01"),
        (live([B, B + DAY], [1.0, 1e200]), r"value 1e\+200 at position 1 is outside"),
        (live([B, B + DAY], [1e-308, 2.0]), r"value 1e-308 at position 0 is outside"),
        (live([B, 4e15], [1.0, 2.0]), r"date day \d+ at position 1 is outside"),
        ([1, 2], "not a JSON object"),
    ],
)
def test_normalize_live_values_rejects_malformed_series_with_a_reason(payload, reason):
    with pytest.raises(ValidationError, match=reason):
        normalize.normalize_live_values("a", "s", payload)


def test_normalize_backtest_rejects_non_numeric_values():
    with pytest.raises(ValidationError, match="non-numeric"):
        normalize.normalize_backtest("s", {"dvm_capital": {"s": {"19000": "x"}}})


def test_benchmark_values_keeps_the_longest_series_per_ticker():
    rows = [{"symphony_id": "a", "series": "SPY", "date": dt.date(2024, 1, d), "value": 10.0 + d} for d in (2, 3)]
    rows += [{"symphony_id": "b", "series": "SPY", "date": dt.date(2024, 1, d), "value": 20.0 + d} for d in (1, 2, 3)]
    rows += [{"symphony_id": "b", "series": "symphony", "date": dt.date(2024, 1, 1), "value": 1.0}]
    table = normalize.benchmark_values(normalize.to_table("backtest_values", rows))
    assert table.column("value").to_pylist() == [21.0, 22.0, 23.0]


def test_portfolio_history_in_epoch_seconds_is_refused_not_read_as_1970():
    with pytest.raises(ValidationError, match="portfolio-history: date 1970-01-20"):
        normalize.normalize_account_values("a", {"epoch_ms": [1_700_000_000], "series": [1000.0]})


def test_a_backtest_value_out_of_bounds_is_refused_with_its_series():
    payload = {"dvm_capital": {"s": {"19000": 100.0, "19001": 1e13}}}
    with pytest.raises(ValidationError, match=r"backtest series 's': value 1e\+13 at position 1"):
        normalize.normalize_backtest("s", payload)


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ({"total_symphony_holdings": None}, "has no 'by_symphony' object"),
        ({"by_symphony": {"not-an-id": {}}}, "a symphony id that is not Composer's"),
        ({"by_symphony": {"A" * 20: {"2026-11-2": []}}}, "'2026-11-2' is not a date"),
        ({"by_symphony": {"A" * 20: {"2026-11-20": [{"amount": 1.0}]}}}, "on 2026-11-20: a holding has no ticker"),
        ({"by_symphony": {"A" * 20: {"2026-11-20": [{"ticker": "SPY", "amount": "NaN"}]}}}, "holding SPY has no amount"),
    ],
)
def test_a_holdings_history_composer_cannot_have_meant_is_refused_with_where(payload, named):
    with pytest.raises(ValidationError, match=re.escape(named)):
        normalize.normalize_holdings_history("acct", payload)


def test_a_holdings_history_day_held_empty_is_kept_as_a_row_without_ticker():
    table = normalize.normalize_holdings_history(
        "acct",
        {
            "by_symphony": {
                "A" * 20: {
                    "2026-11-19": [{"ticker": "SPY", "amount": 2, "price": 500, "value": 1000, "allocation": 1}],
                    "2026-11-20": [],
                }
            }
        },
    )
    assert table.to_pylist() == [
        {"account_id": "acct", "symphony_id": "A" * 20, "date": dt.date(2026, 11, 19), "ticker": "SPY", "quantity": 2.0, "price": 500.0,
         "value": 1000.0, "weight": 1.0, "origin": "composer_history"},
        {"account_id": "acct", "symphony_id": "A" * 20, "date": dt.date(2026, 11, 20), "ticker": None, "quantity": 0.0, "price": None,
         "value": 0.0, "weight": None, "origin": "composer_history"},
    ]  # fmt: skip
