"""The report's account (account_scope): with one account picked, every view measures exactly
what it would on a lake holding that account alone; with none picked, every account."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.helpers.metric_lake import business_days, query, values_from_returns, write_lake
from webapp.report import Scope, account_id_of

TAXABLE = "0b6f1c9e-3d0a-4f57-9d1e-1a2b3c4d5e6f"
ROTH = "7d2e4a10-55c1-4b8e-a0f3-9f8e7d6c5b4a"
VIEWS = {
    "symphony_metrics": "symphony_id",
    "symphony_metrics_since_edit": "symphony_id",
    "live_vs_backtest": "symphony_id",
    "portfolio_metrics": "account_id",
    "account_money_weighted_returns": "account_id",
    "returns_in_range": None,
    "rolling_metrics": None,
    "drawdowns": None,
    "pnl_daily": None,
    "monthly_returns": None,
    "correlations": None,
}


def _symphonies() -> dict[str, dict]:
    rng = np.random.default_rng(5)
    dates = business_days(300)
    return {
        f"{account[:2]}-{i}": {
            "dates": dates[i * 20 :],
            "adjusted": values_from_returns(rng.normal(0.0005, 0.01, len(dates) - i * 20 - 1)),
            "account": account,
        }
        for account in (TAXABLE, ROTH)
        for i in range(3)
    }


@pytest.fixture(scope="module")
def lakes(tmp_path_factory):
    """The two-account lake, and the lake of each account alone."""
    both = _symphonies()
    roots = {"both": tmp_path_factory.mktemp("both")}
    write_lake(roots["both"], both)
    for account in (TAXABLE, ROTH):
        roots[account] = tmp_path_factory.mktemp(account[:4])
        write_lake(roots[account], {k: v for k, v in both.items() if v["account"] == account})
    return roots


def _rows(root, view: str, key: str | None, account: str | None, period=None) -> list[dict]:
    rows = query(root, f"select * from {view}", period=period, account=account)
    # floats last: sums in parallel may differ in the last bit, which must not reorder rows
    columns = sorted(rows[0], key=lambda c: (isinstance(rows[0][c], float), c)) if rows else []
    order = [key] if key else columns
    return sorted(rows, key=lambda r: tuple(str(r[c]) for c in order))


@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize("account", [TAXABLE, ROTH])
def test_one_account_measures_what_a_lake_of_that_account_alone_measures(lakes, view, account):
    period = (business_days(300)[120], None)
    scoped = _rows(lakes["both"], view, VIEWS[view], account, period)
    alone = _rows(lakes[account], view, VIEWS[view], None, period)
    assert scoped, f"{view} has no rows for the account"
    assert len(scoped) == len(alone)
    for ours, theirs in zip(scoped, alone):
        assert ours.keys() == theirs.keys()
        for column, value in theirs.items():
            if isinstance(value, float):
                assert ours[column] == pytest.approx(value, rel=1e-12, abs=1e-15), (view, column)
            elif value is pd.NaT:
                assert ours[column] is pd.NaT, (view, column)
            else:
                assert ours[column] == value, (view, column)


def test_no_account_picked_measures_every_account(lakes):
    accounts = {r["account_id"] for r in query(lakes["both"], "select account_id from portfolio_metrics")}
    symphonies = {r["symphony_id"] for r in query(lakes["both"], "select symphony_id from symphony_metrics")}
    assert accounts == {TAXABLE, ROTH}
    assert symphonies == set(_symphonies())


def test_an_account_the_snapshot_does_not_have_measures_nothing(lakes):
    unknown = "11111111-2222-4333-8444-555555555555"
    assert query(lakes["both"], "select * from symphony_metrics", account=unknown) == []
    assert query(lakes["both"], "select * from portfolio_metrics", account=unknown) == []


def test_the_scope_is_one_hashable_value_and_account_ids_are_read_as_uuids():
    assert Scope() == Scope(None, None, None) and len({Scope(), Scope(account_id=ROTH), Scope()}) == 2
    assert account_id_of(ROTH.upper()) == ROTH
    assert account_id_of("all") is None and account_id_of("<script>") is None and account_id_of("") is None
