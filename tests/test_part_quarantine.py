"""A symphony's live history survives anything its backtest, versions or holdings answers do: a
part that fails is set aside alone (kept from the previous snapshot, or left empty), named with
its reason, every symphony's live values publish and compute metrics, a later good answer
restores the part, and the drift of an answer that lacks a field the spec lists is named in the
run's notes and by the doctor, with whether it cost data."""

from __future__ import annotations

import json

import httpx
import pyarrow.compute as pc
import pytest

from ingest.doctor import Doctor
from ingest.lake import Lake
from ingest.normalize import SCHEMAS
from sandbox.server import DEFAULT_KEY_ID, DEFAULT_SECRET
from tests.helpers.metric_lake import query
from tests.helpers.sandbox import AS_OF, client_for
from tests.helpers.sync import run, tables_of

SYMPHONIES = 25


def symphony_ids(sandbox) -> list[str]:
    return [s.id for s in sandbox.app.config["SANDBOX_ACCOUNT"].symphonies]


def every_live_series_published(lake: str, result) -> None:
    """Every symphony's live history is in the snapshot, with its metrics, and none was lost."""
    tables = tables_of(Lake(lake), result.manifest)
    assert len(set(tables["daily_values"]["symphony_id"].to_pylist())) == SYMPHONIES
    measured = query(lake, "select symphony_id from symphony_metrics where days > 0 and sharpe is not null")
    assert len(measured) == SYMPHONIES
    assert not [q for q in result.quarantined if q.get("part") == "live"]


def strategy_notice(lake: str, sid: str):
    """What the strategy page of `sid` says of its parts the sync set aside."""
    from webapp import notices
    from webapp.config import WebConfig
    from webapp.store import LakeData, symphony_readers

    return notices.set_aside_notice(symphony_readers.set_aside(LakeData(WebConfig(data_url=lake)), sid))


def set_aside(result, part: str) -> list[dict]:
    return [q for q in result.quarantined if q.get("part") == part]


def rows_of(lake: str, result, table: str, sid: str):
    t = tables_of(Lake(lake), result.manifest)[table]
    return t.filter(pc.equal(t["symphony_id"], sid)).sort_by([(c, "ascending") for c in SCHEMAS[table].names])


def test_a_backtest_without_tdvm_weights_sets_aside_only_its_allocation_changes_and_a_good_answer_restores_them(
    sandbox, tmp_path
):
    lake = str(tmp_path)
    first = run(sandbox, lake)
    sandbox.faults(
        {"kind": "omit", "fields": ["tdvm_weights", "active_asset_nodes"], "path_contains": "/backtest", "repeat": True}
    )
    second = run(sandbox, lake, BACKTEST_MAX_AGE_DAYS="0")

    assert second.exit_code == 1
    every_live_series_published(lake, second)
    events = set_aside(second, "backtest_events")
    assert len(events) == len(second.quarantined) == SYMPHONIES and all(q["history_kept"] for q in events)
    assert all("tdvm_weights" in q["reason"] and q["stale_since_run"] == first.run_id for q in events)
    sid = symphony_ids(sandbox)[0]
    assert rows_of(lake, second, "backtest_allocation_changes", sid).equals(
        rows_of(lake, first, "backtest_allocation_changes", sid)
    )
    assert rows_of(lake, second, "backtest_values", sid).num_rows  # the backtest itself published
    notes = " ".join(second.manifest["notes"])
    assert "lack 'tdvm_weights'" in notes and "for the backtest's allocation changes" in notes
    assert f"lack 'active_asset_nodes', which its published spec lists ({SYMPHONIES} of {SYMPHONIES})" in notes
    assert "the sync does not read it: nothing was lost" in notes

    sandbox.app.config["SANDBOX_FAULTS"].queue.clear()  # Composer answers as its spec says again
    third = run(sandbox, lake)  # the part set aside is asked for again, whatever the backtest's age
    assert third.exit_code == 0 and third.quarantined == []
    assert rows_of(lake, third, "backtest_allocation_changes", sid).num_rows


def test_a_backtest_whose_values_lack_the_symphony_keeps_the_previous_backtest_and_the_live_series_publishes(sandbox, tmp_path):
    lake = str(tmp_path)
    first = run(sandbox, lake)
    sandbox.faults(
        *[
            {"kind": "omit", "fields": [f"dvm_capital.{sid}"], "path_contains": f"/symphonies/{sid}/backtest"}
            for sid in symphony_ids(sandbox)
        ]
    )
    second = run(sandbox, lake, BACKTEST_MAX_AGE_DAYS="0")
    every_live_series_published(lake, second)
    lost = set_aside(second, "backtest")
    assert len(lost) == SYMPHONIES and all(q["history_kept"] and "no series for the symphony itself" in q["reason"] for q in lost)
    sid = symphony_ids(sandbox)[3]
    assert rows_of(lake, second, "backtest_values", sid).equals(rows_of(lake, first, "backtest_values", sid))
    assert rows_of(lake, second, "backtest_stats", sid).num_rows == 1


def test_a_backtest_refused_for_an_unknown_benchmark_is_set_aside_and_left_empty_on_a_first_sync(sandbox, tmp_path):
    lake = str(tmp_path)
    sandbox.faults(
        {"kind": "status", "status": 400, "code": "unknown-benchmark", "title": "Unknown benchmark ticker: SPY",
         "path_contains": "/backtest", "repeat": True}
    )  # fmt: skip
    first = run(sandbox, lake)
    assert first.exit_code == 1
    every_live_series_published(lake, first)
    lost = set_aside(first, "backtest")
    assert len(lost) == SYMPHONIES and not any(q["history_kept"] for q in lost)
    assert all("Unknown benchmark ticker" in q["reason"] for q in lost)
    assert query(lake, "select count(*) as n from backtest_values")[0]["n"] == 0
    (row,) = query(lake, "select count(*) as n from symphonies")
    assert row["n"] == SYMPHONIES  # no symphony is missing for want of its backtest
    notice = str(strategy_notice(lake, symphony_ids(sandbox)[0]).children)
    assert (
        "Backtest unavailable: " in notice and "the sync set it aside (" in notice and "Unknown benchmark ticker: SPY" in notice
    )

    sandbox.app.config["SANDBOX_FAULTS"].queue.clear()
    second = run(sandbox, lake)  # a backtest set aside is asked for again, though none is stored
    assert second.quarantined == []
    assert query(lake, "select count(distinct symphony_id) as n from backtest_values")[0]["n"] == SYMPHONIES
    assert strategy_notice(lake, symphony_ids(sandbox)[0]) is None


def test_versions_answering_500_are_set_aside_and_come_back_with_a_good_answer(sandbox, tmp_path):
    lake = str(tmp_path)
    sandbox.faults({"kind": "status", "status": 500, "path_contains": "/versions", "repeat": True})
    first = run(sandbox, lake)
    every_live_series_published(lake, first)
    lost = set_aside(first, "versions")
    edited = [s.id for s in sandbox.app.config["SANDBOX_ACCOUNT"].symphonies if s.edits]
    assert lost and {q["symphony_id"] for q in lost} <= set(edited) and not any(q["history_kept"] for q in lost)
    assert all("500" in q["reason"] for q in lost)
    sandbox.app.config["SANDBOX_FAULTS"].queue.clear()
    second = run(sandbox, lake)  # versions set aside are asked for again, though the edit is known
    assert second.quarantined == []
    versions = {r["symphony_id"] for r in query(lake, "select distinct symphony_id from symphony_versions")}
    assert {q["symphony_id"] for q in lost} <= versions


def test_symphony_holdings_renamed_by_composer_are_kept_from_the_previous_snapshot_and_come_back(sandbox, tmp_path):
    lake = str(tmp_path)
    first = run(sandbox, lake)
    before = query(lake, "select symphony_id, ticker, quantity from holdings order by all")
    sandbox.faults(
        {"kind": "omit", "fields": ["symphonies[*].holdings"], "path_contains": "/symphony-stats-meta", "repeat": True}
    )
    second = run(sandbox, lake)
    every_live_series_published(lake, second)
    lost = set_aside(second, "holdings")
    held = {r["symphony_id"] for r in before}
    assert {q["symphony_id"] for q in lost} == set(symphony_ids(sandbox))
    assert all(q["reason"] == "no 'holdings' in Composer's answer" for q in lost)
    assert {q["symphony_id"] for q in lost if q["history_kept"]} == held and all(
        q["stale_since_run"] == first.run_id for q in lost if q["history_kept"]
    )
    assert query(lake, "select symphony_id, ticker, quantity from holdings order by all") == before
    assert "lack 'symphonies[*].holdings'" in " ".join(second.manifest["notes"])

    sandbox.app.config["SANDBOX_FAULTS"].queue.clear()
    third = run(sandbox, lake)
    assert third.quarantined == [] and query(lake, "select symphony_id, ticker, quantity from holdings order by all") == before


def test_holdings_of_an_asset_class_the_spec_does_not_list_publish_as_composer_names_them(sandbox, tmp_path):
    account = sandbox.app.config["SANDBOX_ACCOUNT"].account_uuids[0]
    headers = {"x-api-key-id": DEFAULT_KEY_ID, "Authorization": f"Bearer {DEFAULT_SECRET}", "x-origin": "public-api"}
    held = httpx.get(
        f"{sandbox.url}/api/v0.1/accounts/{account}/holdings", params={"position_type": "ALL"}, headers=headers
    ).json()
    held[0]["asset_class"] = "FUTURES"
    sandbox.faults({"kind": "body", "body": json.dumps(held), "path_contains": f"/accounts/{account}/holdings", "repeat": True})
    result = run(sandbox, str(tmp_path))
    assert result.exit_code == 0 and result.quarantined == []
    every_live_series_published(str(tmp_path), result)
    classes = {
        r["asset_class"] for r in query(str(tmp_path), f"select asset_class from account_holdings where account_id = '{account}'")
    }
    assert "FUTURES" in classes
    with client_for(sandbox) as client:
        checks = {c.endpoint: c for c in Doctor(client, AS_OF).run()}
    holdings = checks["GET /accounts/{id}/holdings"]
    assert holdings.status == "differs" and "'FUTURES' is not one of" in holdings.detail
    assert (
        "read by the sync for the account's holdings' asset class: a value the spec does not list is kept as Composer names it, nothing lost"
        in holdings.detail
    )


def test_the_doctor_names_backtest_drift_with_what_it_costs(sandbox):
    sandbox.faults(
        {"kind": "omit", "fields": ["tdvm_weights", "active_asset_nodes"], "path_contains": "/backtest", "repeat": True}
    )
    with client_for(sandbox) as client:
        checks = {c.endpoint: c for c in Doctor(client, AS_OF).run()}
    backtest = checks["POST /symphonies/{symphony}/backtest"]
    assert backtest.status == "differs"
    assert "'tdvm_weights' is a required property (costs data: the backtest's allocation changes" in backtest.detail
    assert "'active_asset_nodes' is a required property (not read by the sync: nothing lost)" in backtest.detail


@pytest.mark.parametrize("part", ["backtest", "backtest_events"])
def test_the_strategy_page_says_what_of_the_backtest_is_missing_and_from_when(sandbox, tmp_path, part):
    lake = str(tmp_path)
    first = run(sandbox, lake)
    fields = ["tdvm_weights"] if part == "backtest_events" else ["dvm_capital"]
    sandbox.faults({"kind": "omit", "fields": fields, "path_contains": "/backtest", "repeat": True})
    run(sandbox, lake, BACKTEST_MAX_AGE_DAYS="0")
    sid = symphony_ids(sandbox)[0]
    text = str(strategy_notice(lake, sid).children)
    label = {"backtest": "Backtest", "backtest_events": "Backtest's rebalances and allocation changes"}[part]
    assert f"{label} from snapshot {first.run_id}: " in text
    assert "the sync set the newest aside (" in text and "the next sync asks Composer again." in text


def test_the_run_summary_counts_each_part_set_aside_and_the_live_series_lost():
    from ingest.pipeline import set_aside_summary

    kept = {"symphony_id": "a", "part": "backtest_events", "history_kept": True}
    lost = {"symphony_id": "b", "part": "live", "history_kept": False}
    window = {
        "account_id": "acc",
        "report": "trade-activity",
        "since": "2026-01-01",
        "until": "2026-01-31",
        "history_kept": False,
    }
    assert set_aside_summary([kept, dict(kept, symphony_id="c")]) == (
        "set aside: the backtest rebalances and allocation changes of 2 symphonies "
        "(2 kept from the previous snapshot, 0 left empty); 0 live series lost"
    )
    assert set_aside_summary([lost, window]) == (
        "set aside: the live values of 1 symphony (0 kept from the previous snapshot, 1 left empty); "
        "1 report window (fetched again by the next run); 1 live series lost"
    )


@pytest.mark.parametrize(
    ("operation", "field_path", "costs"),
    [
        ("BACKTEST", "tdvm_weights", "the backtest's allocation changes"),
        ("BACKTEST", "dvm_capital.AbCdEfGhIjKlMnOpQrSt", "the backtest (its values)"),  # inside a field read whole
        ("BACKTEST", "active_asset_nodes", None),
        ("STATS_META", "symphonies[*].holdings[*].ticker", "the holdings"),
        ("STATS_META", "symphonies[*].color", None),  # `symphonies` is read field by field
        ("STATS_META", "symphonies", "every symphony"),
        ("VERSIONS", "", "the versions (edits)"),  # the whole answer holds what is read
    ],
)
def test_what_a_difference_from_the_spec_costs_follows_the_fields_the_sync_reads(operation, field_path, costs):
    from ingest import drift

    assert drift.cost(getattr(drift, operation), field_path) == costs
