"""Fills and cash events as Composer's reports give them: one row per fill (by order id) and per
cash event, never duplicated or dropped across windows and runs; a window that cannot be parsed
is quarantined and fetched again."""

from __future__ import annotations

import datetime as dt

import duckdb

from ingest import normalize, pipeline
from ingest.contract import new_york_day_bounds
from ingest.lake import Lake
from ingest.normalize import SCHEMAS
from sandbox.activity import account_orders, cash_events
from sandbox.reports import trade_rows
from sql import duck
from tests.helpers.sandbox import AS_OF, client_for, ingest_config

TRADE_HEADER = (
    "Account Number,Order ID,Symbol,Side,Status,Filled Quantity,Average Fill Price,Filled Notional,"
    "Filled Date/Time (America/New_York)\n"
)


def run(sandbox, data_url: str, **env: str) -> pipeline.RunResult:
    with client_for(sandbox) as client:
        return pipeline.run(ingest_config(sandbox, data_url, **env), client)


def activity_of(lake_dir: str, manifest: dict) -> list[dict]:
    return Lake(lake_dir).read_table(manifest["tables"]["activity"]["files"], SCHEMAS["activity"]).to_pylist()


def expected_counts(sandbox) -> dict[str, tuple[int, int]]:
    """Per account: (fills, cash events) the sandbox holds from the account's opening to AS_OF."""
    login = sandbox.app.config["SANDBOX_ACCOUNT"]
    return {
        uuid: (sum(o.status == "filled" for o in account_orders(login, n)), len(cash_events(login, n)))
        for n, uuid in enumerate(login.account_uuids)
    }


def test_trade_report_keeps_fills_only_with_new_york_times_and_ignores_extra_columns():
    text = TRADE_HEADER + (
        "5UX1,ord-1,TQQQ,buy,filled,2.5,40.10,100.25,2026-03-31 15:59:59.500\n"
        "5UX1,ord-2,BIL,sell,canceled,0,,0,\n"
        "5UX1,ord-3,CRYPTO::BTC//USD,sell,filled,0.01,90000,900,2026-01-02 09:31:00.000\n"
    )
    rows = normalize.normalize_trade_report("acc", text)
    assert [r["order_id"] for r in rows] == ["ord-1", "ord-3"]
    fill = rows[0]
    assert fill["date"] == dt.date(2026, 3, 31)  # 15:59 in New York is still that day, though 19:59 UTC
    assert fill["occurred_at"] == dt.datetime(2026, 3, 31, 19, 59, 59, 500000, tzinfo=dt.UTC)
    assert (fill["kind"], fill["side"], fill["quantity"], fill["price"], fill["amount"]) == ("TRADE", "buy", 2.5, 40.10, -100.25)
    assert rows[1]["amount"] == 900 and rows[1]["occurred_at"] == dt.datetime(2026, 1, 2, 14, 31, tzinfo=dt.UTC)


def test_cash_report_maps_known_codes_and_keeps_raw_codes_of_unknown_ones():
    text = (
        "Type Code,Subtype Code,Settled Date (America/New_York),Net Amount,Description,Currency\n"
        "CSD,,2026-01-05,1000,ACH deposit,USD\nCSW,,2026-02-05,-250.5,ACH withdrawal,USD\n"
        "DIV,,2026-03-05,3.2,Cash dividend SCHD,USD\nFEE,TAF,2026-03-31,-0.17,FINRA fee,USD\n"
        "JNLC,XFR,2026-04-01,12,Journal,USD\n"
    )
    rows = normalize.normalize_cash_report("acc", text)
    assert [(r["kind"], r["type_code"], r["subtype_code"], r["amount"]) for r in rows] == [
        ("DEPOSIT", "CSD", None, 1000.0),
        ("WITHDRAWAL", "CSW", None, -250.5),
        ("DIVIDEND", "DIV", None, 3.2),
        ("FEE", "FEE", "TAF", -0.17),
        ("OTHER", "JNLC", "XFR", 12.0),
    ]


def test_merge_activity_never_duplicates_a_fill_or_loses_a_row_outside_the_windows():
    fill = {"account_id": "a", "kind": "TRADE", "date": dt.date(2026, 1, 2), "order_id": "o1", "amount": -5.0}
    deposit = {"account_id": "a", "kind": "DEPOSIT", "date": dt.date(2026, 1, 2), "amount": 500.0, "type_code": "CSD"}
    old = {"account_id": "a", "kind": "DEPOSIT", "date": dt.date(2025, 1, 2), "amount": 100.0, "type_code": "CSD"}
    merged = normalize.merge_activity([old, fill, deposit], [fill, deposit, deposit])
    assert sorted(r["date"].isoformat() + r["kind"] for r in merged) == [
        "2025-01-02DEPOSIT", "2026-01-02DEPOSIT", "2026-01-02DEPOSIT", "2026-01-02TRADE",
    ]  # fmt: skip
    assert normalize.merge_activity(merged, merged) == merged


def test_consecutive_windows_hold_every_fill_once_even_one_at_1559_on_a_window_end(sandbox):
    login = sandbox.app.config["SANDBOX_ACCOUNT"]
    late = [o for o in account_orders(login, 0) if o.filled and o.filled.hour == 15 and o.filled.minute >= 59]
    assert late, "the sandbox has fills in the last minute before the close"
    day = late[0].filled.date()

    def window(first: dt.date, last: dt.date) -> list[list]:
        since, until = (dt.datetime.fromisoformat(b.replace("Z", "+00:00")) for b in new_york_day_bounds(first, last))
        return trade_rows(login, 0, since, until)

    ending = window(day - dt.timedelta(days=6), day)
    starting = window(day + dt.timedelta(days=1), day + dt.timedelta(days=7))
    assert late[0].order_id in {r[0] for r in ending} and late[0].order_id not in {r[0] for r in starting}


def test_sync_stores_every_fill_and_cash_event_of_both_accounts_once_across_windows_and_runs(sandbox, tmp_path):
    first = run(sandbox, str(tmp_path), REPORT_WINDOW_DAYS="90")
    rows = activity_of(str(tmp_path), first.manifest)
    for account_id, (fills, events) in expected_counts(sandbox).items():
        mine = [r for r in rows if r["account_id"] == account_id]
        assert sum(r["kind"] == "TRADE" for r in mine) == fills
        assert sum(r["kind"] != "TRADE" for r in mine) == events
        trade_ids = [r["order_id"] for r in mine if r["kind"] == "TRADE"]
        assert len(trade_ids) == len(set(trade_ids))
    assert {r["kind"] for r in rows} == {"TRADE", "DEPOSIT", "WITHDRAWAL", "DIVIDEND", "FEE", "OTHER"}
    assert {(r["type_code"], r["subtype_code"]) for r in rows if r["kind"] == "OTHER"} == {("INT", "CR")}
    # a second run reads the last week again (overlapping the first) and the rows stay the same
    second = run(sandbox, str(tmp_path), REPORT_WINDOW_DAYS="90")
    reports = [r for r in sandbox.requests if "/reports/" in r["path"]]
    assert len(reports) > 8
    assert activity_of(str(tmp_path), second.manifest) == rows


def test_a_report_window_missing_a_column_is_quarantined_published_without_it_and_fetched_again(sandbox, tmp_path):
    broken = "Order ID,Symbol,Side,Filled Quantity\nx,SPY,buy,1\n"
    sandbox.faults({"kind": "body", "path_contains": "/reports/", "body": broken, "content_type": "text/csv"})
    first = run(sandbox, str(tmp_path))
    assert first.exit_code == 1 and first.manifest["status"] == "published"
    (item,) = first.quarantined
    assert item["report"] == "trade-activity" and "'Status'" in item["reason"] and "'Average Fill Price'" in item["reason"]
    assert first.manifest["tables"]["symphonies"]["rows"] == 25
    missing_window = new_york_day_bounds(dt.date.fromisoformat(item["since"]), dt.date.fromisoformat(item["until"]))
    before = len(sandbox.requests)
    second = run(sandbox, str(tmp_path))
    assert second.exit_code == 0
    retried = [
        (r["query"]["since"], r["query"]["until"])
        for r in list(sandbox.requests)[before:]
        if "/reports/" in r["path"] and r["query"]["report-type"] == "trade-activity" and r["path"].endswith(item["account_id"])
    ]
    assert len(retried) >= 2  # the failed window again, and the last week of the first run
    assert missing_window in retried  # exactly the quarantined window is fetched again
    fills = {a: f for a, (f, _) in expected_counts(sandbox).items()}
    rows = activity_of(str(tmp_path), second.manifest)
    assert {a: sum(r["kind"] == "TRADE" and r["account_id"] == a for r in rows) for a in fills} == fills
    assert second.manifest["activity_sync"][item["account_id"]]["trade-activity"]["retry"] == []


def test_two_accounts_are_synced_with_their_own_symphonies_holdings_and_cash(sandbox, tmp_path):
    run(sandbox, str(tmp_path))
    con = duckdb.connect()
    duck.load_views(con, str(tmp_path))
    accounts = con.execute("select account_id, account_type from accounts order by account_type").fetchall()
    assert [t for _, t in accounts] == ["INDIVIDUAL", "ROTH_IRA"]
    per_account = dict(con.execute("select account_id, count(*) from symphonies group by all").fetchall())
    assert sorted(per_account.values()) == [5, 20]
    holdings = con.execute("select ticker, asset_class, underlying, contract_type from account_holdings").fetchall()
    assert ("OPTIONS::SPY261218C00600000//USD", "OPTIONS", "SPY", "CALL") in holdings
    assert any(t.startswith("CRYPTO::") and c == "CRYPTO" for t, c, _, _ in holdings)
    flows = dict(
        con.execute(
            "select account_id, sum(amount) from activity where kind in ('DEPOSIT', 'WITHDRAWAL') group by all"
        ).fetchall()
    )
    login = sandbox.app.config["SANDBOX_ACCOUNT"]
    for n, account_id in enumerate(login.account_uuids):
        members = login.symphonies_of(n)
        assert abs(flows[account_id] - sum(login.net_deposits(s.index) for s in members)) < 0.01


def test_account_money_weighted_return_uses_composers_deposits_and_matches_a_scipy_xirr(sandbox, tmp_path):
    from scipy.optimize import brentq

    run(sandbox, str(tmp_path))
    con = duckdb.connect()
    duck.load_views(con, str(tmp_path))
    duck.set_range(con, dt.date(2025, 1, 1), AS_OF)
    result = dict(con.execute("select account_id, money_weighted_return from account_money_weighted_returns").fetchall())
    flows = con.execute("select account_id, date, flow, cash_flow from account_cash_flows order by all").df()
    deposits = dict(con.execute(
        "select account_id, sum(-amount) from activity where kind in ('DEPOSIT', 'WITHDRAWAL') "
        "and date > (select max(date) from account_values where date < date '2025-01-01') and date <= ? group by all", [AS_OF]
    ).fetchall())  # fmt: skip
    for account_id, part in flows.groupby("account_id"):
        assert (
            abs(part.loc[part["flow"].isin(["deposit", "withdrawal"]), "cash_flow"].sum() - deposits.get(account_id, 0.0)) < 1e-6
        )
        start = part["date"].min()
        years = [(d - start).days / 365.25 for d in part["date"]]
        cash = list(part["cash_flow"])
        rate = brentq(lambda r, cash=cash, years=years: sum(c * (1 + r) ** -y for c, y in zip(cash, years)), -0.99, 10)
        assert abs(result[account_id] - rate) < 1e-8


def test_merging_into_a_stored_table_equals_merging_every_row(sandbox, tmp_path):
    first = run(sandbox, str(tmp_path), REPORT_WINDOW_DAYS="120")
    stored = normalize.to_table("activity", activity_of(str(tmp_path), first.manifest))
    recent = [r for r in stored.to_pylist() if r["date"] >= dt.date(2026, 11, 10)]
    corrected = {**recent[0], "price": 1.0} if recent[0]["kind"] == "TRADE" else recent[0]
    fetched = [corrected, *recent[1:], {**recent[-1], "date": dt.date(2026, 11, 20), "description": "new"}]
    assert len(recent) > 20 and stored.num_rows > 10 * len(recent)
    table = normalize.merge_activity_table(stored, fetched).to_pylist()
    assert (
        table
        == normalize.to_table("activity", normalize.merge_activity(stored.to_pylist(), fetched))
        .sort_by(normalize.ACTIVITY_ORDER)
        .to_pylist()
    )
    assert len(table) == stored.num_rows + 1
