"""Trades by strategy from Composer's own per-symphony holdings: the history is read window by
window and incrementally (no day twice, none lost, a failed window read again), the trades are
exactly the holdings' changes, the account's fills reconcile to them plus the direct trades, and
where the endpoint is not available the nightly holdings stand in, labelled as such."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pandas as pd

from ingest import pipeline
from ingest.doctor import Doctor
from sandbox import activity
from sandbox.server import DEFAULT_KEY_ID, DEFAULT_SECRET
from sql import duck
from tests.helpers.sandbox import AS_OF, client_for
from tests.helpers.sync import run

PREFIX = "/api/v0.1"
LATER = dt.date(2026, 11, 30)  # a nightly run six market days after AS_OF (the sandbox starts at AS_OF)
ENDPOINT = "symphony-historical-holdings"


def _views(data_url: str):
    con = duck.connect(None)
    duck.load_views(con, data_url)
    return con


def _history_answer(sandbox, account_id: str, first: dt.date, last: dt.date) -> dict:
    headers = {"x-api-key-id": DEFAULT_KEY_ID, "Authorization": f"Bearer {DEFAULT_SECRET}"}
    query = {"start_date": str(first), "end_date": str(last), "include_aggregate_account_holdings": "false"}
    url = f"{sandbox.url}{PREFIX}/portfolio/accounts/{account_id}/{ENDPOINT}"
    return httpx.get(url, params=query, headers=headers, timeout=60).raise_for_status().json()


def _changes_from_answer(answer: dict) -> pd.DataFrame:
    """Each symphony's change in shares per ticker from one stored day to the next, computed
    here from Composer's answer alone (the first day's holdings are its first buys)."""
    rows = []
    for symphony_id, days in answer["by_symphony"].items():
        before: dict[str, float] = {}
        for day in sorted(days):
            now = {h["ticker"]: h["amount"] for h in days[day]}
            for ticker in set(now) | set(before):
                change = now.get(ticker, 0.0) - before.get(ticker, 0.0)
                if abs(change) > 1e-9:
                    rows.append(
                        {"symphony_id": symphony_id, "date": dt.date.fromisoformat(day), "ticker": ticker, "expected": change}
                    )
            before = now
    return pd.DataFrame(rows)


def _stored(data_url: str) -> pd.DataFrame:
    return _views(data_url).execute("select * from symphony_holdings_history order by symphony_id, date, ticker").df()


def test_the_trades_are_exactly_the_changes_in_each_symphonys_holdings(sandbox, local_lake):
    account = sandbox.app.config["SANDBOX_ACCOUNT"]
    expected = pd.concat(
        [_changes_from_answer(_history_answer(sandbox, a, dt.date(2020, 1, 1), AS_OF)) for a in account.account_uuids]
    )
    con = _views(local_lake)
    got = con.execute("select symphony_id, date, ticker, shares, side, notional, price, price_source from symphony_trades").df()
    got["date"] = pd.to_datetime(got["date"]).dt.date
    merged = expected.merge(got, on=["symphony_id", "date", "ticker"], how="outer", indicator=True)
    assert len(expected) > 1000 and (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"].head()
    assert (merged["shares"] - merged["expected"]).abs().max() < 1e-9
    assert ((merged["side"] == "buy") == (merged["shares"] > 0)).all()
    assert ((merged["notional"] - merged["shares"].abs() * merged["price"]).abs() < 1e-6).all()
    # the sandbox fills every symphony trade, so each is priced from the account's fills that day
    assert set(merged["price_source"]) == {"account fills that day"}
    liquidated = next(s for s in account.symphonies if s.liquidated)
    last = con.execute("select max(date), bool_and(side = 'sell') from symphony_trades where symphony_id = ? and date = "
                       "(select max(date) from symphony_trades where symphony_id = ?)", [liquidated.id, liquidated.id]).fetchone()  # fmt: skip
    assert last == (account.calendar[liquidated.live_end_index], True)  # it sold everything the day it was liquidated


def test_the_account_fills_reconcile_to_the_symphonies_plus_the_direct_trades_exactly(sandbox, local_lake):
    account = sandbox.app.config["SANDBOX_ACCOUNT"]
    con = _views(local_lake)
    rec = con.execute("select * from trade_reconciliation").df()
    rec["date"] = pd.to_datetime(rec["date"]).dt.date
    starts = dict(con.execute("select account_id, min(date) from symphony_holdings_history group by 1").fetchall())
    direct = {}
    for n, account_id in enumerate(account.account_uuids):
        for fill in activity.direct_fills(account, n):
            if fill.status == "filled" and fill.filled.date() >= starts[account_id]:
                key = (account_id, fill.filled.date(), fill.symbol)
                direct[key] = direct.get(key, 0.0) + (fill.quantity if fill.side == "buy" else -fill.quantity)
    remainder = {(r.account_id, r.date, r.ticker): r.remainder_shares for r in rec.itertuples() if abs(r.remainder_shares) > 1e-6}
    assert direct and set(remainder) == set(direct)
    assert max(abs(remainder[k] - direct[k]) for k in direct) < 1e-6
    balanced = rec[rec["symphony_shares"] != 0]
    assert len(balanced) > 1000 and ((balanced["filled_shares"] - balanced["symphony_shares"]).abs() < 1e-6).sum() >= len(
        balanced
    ) - len(direct)


def test_incremental_runs_neither_duplicate_nor_drop_a_day_and_read_a_failed_window_again(start_sandbox, tmp_path):
    lake = str(tmp_path / "lake")
    earlier = start_sandbox(as_of=AS_OF)
    # the first window of the first account fails every attempt: set aside, the others are read
    earlier.faults(*[{"kind": "status", "status": 503, "path_contains": ENDPOINT}] * 6)
    first = run(earlier, lake)
    windows = [q for q in first.manifest["quarantined"] if q.get("report") == ENDPOINT]
    assert first.exit_code == 1 and len(windows) == 1
    synced = first.manifest["holdings_sync"][windows[0]["account_id"]]
    assert synced["retry"] == [[windows[0]["since"], windows[0]["until"]]] and synced["through"] == str(AS_OF)
    # named as what it is, in the run's summary and in the view the notice and the sync alert read
    assert "1 per-symphony holdings history window (fetched again by the next run)" in pipeline.set_aside_summary(
        first.manifest["quarantined"]
    )
    named = _views(lake).execute("select window_name from quarantined where report is not null").fetchall()
    assert named == [("per-symphony holdings history",)]
    later = start_sandbox(as_of=LATER)
    second = run(later, lake)
    assert second.exit_code == 0 and second.manifest["quarantined"] == []
    asked = [r["query"] for r in later.requests if r["path"].endswith(ENDPOINT)]
    assert {q["start_date"] for q in asked} == {str(AS_OF), windows[0]["since"]}  # from the last stored day, and the retry
    assert all("end_date" in q for q in asked)
    run(start_sandbox(as_of=LATER), str(tmp_path / "reference"))  # one run at LATER from nothing
    got, reference = _stored(lake), _stored(str(tmp_path / "reference"))
    assert got["date"].max().date() == LATER
    assert not got.duplicated(["symphony_id", "date", "ticker"]).any()
    pd.testing.assert_frame_equal(got.reset_index(drop=True), reference.reset_index(drop=True))


def test_without_the_endpoint_the_nightly_holdings_stand_in_and_say_so(start_sandbox, tmp_path):
    lake = str(tmp_path / "lake")
    not_here = {"kind": "status", "status": 404, "path_contains": ENDPOINT, "repeat": True}
    earlier = start_sandbox(as_of=AS_OF)
    earlier.faults(not_here)
    assert run(earlier, lake).exit_code == 0  # not available is not a failure
    later = start_sandbox(as_of=LATER)
    later.faults(not_here)
    result = run(later, lake)
    assert set(result.manifest["holdings_sync"][a]["origin"] for a in result.manifest["holdings_sync"]) == {"nightly_snapshot"}
    con = _views(lake)
    liquidated = next(s for s in later.app.config["SANDBOX_ACCOUNT"].symphonies if s.liquidated)
    stored = con.execute(
        "select distinct origin, date from symphony_holdings_history where symphony_id != ? order by date", [liquidated.id]
    ).fetchall()
    assert stored == [("nightly_snapshot", AS_OF), ("nightly_snapshot", LATER)]
    # each nightly day is what that run's symphony-stats-meta listed
    listed = con.execute("select symphony_id, ticker, quantity from holdings where as_of = ?", [LATER]).df()
    kept = con.execute(
        "select symphony_id, ticker, quantity from symphony_holdings_history where date = ? and ticker is not null", [LATER]
    ).df()
    key = ["symphony_id", "ticker"]
    pd.testing.assert_frame_equal(listed.sort_values(key).reset_index(drop=True), kept.sort_values(key).reset_index(drop=True))
    # a trade is the change between the two nightly days, dated by the later one
    trades = con.execute("select symphony_id, ticker, shares, previous_date from symphony_trades").df()
    before = con.execute(
        "select symphony_id, ticker, quantity from symphony_holdings_history where date = ? and ticker is not null", [AS_OF]
    ).df()
    both = listed.merge(before, on=key, how="outer", suffixes=("", "_before")).fillna(0.0)
    both["change"] = both["quantity"] - both["quantity_before"]
    changed = both[both["change"].abs() > 1e-9].merge(trades, on=key)
    assert len(changed) == (both["change"].abs() > 1e-9).sum() == len(trades) > 0
    assert (changed["previous_date"].dt.date == AS_OF).all() and ((changed["shares"] - changed["change"]).abs() < 1e-9).all()
    with client_for(later) as client:
        checks = {c.endpoint: c for c in Doctor(client, LATER).run()}
    absent = checks[f"GET /portfolio/accounts/{{id}}/{ENDPOINT}"]
    assert absent.status == "absent" and "nightly holdings instead" in absent.detail


def test_a_lake_from_before_the_history_starts_it_from_the_holdings_its_snapshots_recorded(start_sandbox, tmp_path):
    """Upgrading a lake whose snapshots have no holdings history, with a key that cannot read the
    endpoint: the first run takes the holdings every snapshot still in the lake recorded."""
    lake = tmp_path / "lake"
    not_here = {"kind": "status", "status": 404, "path_contains": ENDPOINT, "repeat": True}
    earlier = start_sandbox(as_of=AS_OF)
    earlier.faults(not_here)
    first = run(earlier, str(lake))
    for manifest in (lake / "manifests" / "latest.json", lake / "manifests" / f"{first.run_id}.json"):
        body = json.loads(manifest.read_text())
        body["tables"].pop("symphony_holdings_history")
        body.pop("holdings_sync")
        manifest.write_text(json.dumps(body))  # as a run before this table existed wrote it
    assert _stored(str(lake)).empty
    later = start_sandbox(as_of=LATER)
    later.faults(not_here)
    run(later, str(lake))
    con = _views(str(lake))
    liquidated = next(s for s in later.app.config["SANDBOX_ACCOUNT"].symphonies if s.liquidated)
    days = con.execute(
        "select distinct date from symphony_holdings_history where symphony_id != ? order by date", [liquidated.id]
    ).fetchall()
    assert days == [(AS_OF,), (LATER,)]
    assert con.execute("select count(*) from symphony_trades where previous_date = ?", [AS_OF]).fetchone()[0] > 0
