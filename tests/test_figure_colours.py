"""One colour per symphony on every chart: compare's lines, the portfolio's stacked PnL and its
allocation bars give the same symphony the same colour, no two of an account's first 26 symphonies
share one, and a symphony keeps its colour when a newer one arrives."""

from __future__ import annotations

import pandas as pd

from webapp import compare_figures, figures
from webapp.formatting import OTHERS_COLOUR, PALETTE, symphony_colours

IDS = ["AbCdEfGhIjKlMnOpQrSt", "ZyXwVuTsRqPoNmLkJiHg", "T8H2vogTazeXj86Ao4F7"]


def test_a_symphony_has_the_same_colour_on_compare_and_portfolio_charts():
    days = pd.to_datetime(["2026-01-02", "2026-01-05"])
    names = {s: f"name {i}" for i, s in enumerate(IDS)}
    colours = symphony_colours(IDS)
    overlay = compare_figures.overlay(
        pd.DataFrame({"symphony_id": [IDS[0]] * 2 + [IDS[2]] * 2, "date": list(days) * 2, "growth": [1, 1.1, 1, 0.9]}),
        names, colours, "growth", "t",
    )  # fmt: skip
    stacked = compare_figures.contributions_figure(
        pd.DataFrame({"label": ["name 2", "name 1", "Others"], "symphony_id": [IDS[2], IDS[1], None],
                      "date": [days[0]] * 3, "cumulative_pnl": [1.0, 2.0, 3.0]}),
        colours,
    )  # fmt: skip
    bars = compare_figures.allocation_figure(
        pd.DataFrame({"symphony_id": IDS, "name": list(names.values()), "value": [3.0, 1.0, 2.0]}), colours
    )
    on_compare = {t.name: t.line.color for t in overlay.data}
    on_stack = {t.name: t.line.color for t in stacked.data}
    on_bars = dict(zip(bars.data[0].y, bars.data[0].marker.color))
    assert on_compare["name 2"] == on_stack["name 2"] == on_bars["name 2"] == colours[IDS[2]]
    assert on_compare["name 0"] == on_bars["name 0"] == colours[IDS[0]]
    assert on_stack["Others"] == OTHERS_COLOUR


def test_the_first_26_symphonies_never_share_a_colour_and_a_new_one_changes_no_others():
    ids = [f"{i:020d}" for i in range(40)]
    colours = symphony_colours(ids[:25])
    assert len(set(colours.values())) == 25 and OTHERS_COLOUR not in colours.values()
    assert len(set(symphony_colours(ids[: len(PALETTE)]).values())) == len(PALETTE)
    assert symphony_colours(ids[:26]) | colours == symphony_colours(ids[:26])  # the 26th came last: the others kept theirs


def test_the_stacked_pnl_stacks_gains_above_and_losses_below_zero_and_draws_the_total():
    days = pd.to_datetime(["2026-01-02", "2026-01-05", "2026-01-06"])
    frame = pd.DataFrame(
        {
            "label": ["up"] * 3 + ["down"] * 3,
            "symphony_id": [IDS[0]] * 3 + [IDS[1]] * 3,
            "date": list(days) * 2,
            "cumulative_pnl": [100.0, 250.0, 400.0, -50.0, 80.0, -300.0],  # "down" crosses zero twice
        }
    )
    fig = compare_figures.contributions_figure(frame, symphony_colours(IDS))
    stacks = {(t.name, t.stackgroup): list(t.y) for t in fig.data if t.stackgroup}
    assert stacks[("up", "gains")] == [100.0, 250.0, 400.0] and ("up", "losses") not in stacks
    assert stacks[("down", "gains")] == [0.0, 80.0, 0.0] and stacks[("down", "losses")] == [-50.0, 0.0, -300.0]
    (total,) = [t for t in fig.data if t.name == "Total"]
    assert list(total.y) == [50.0, 330.0, 100.0] and total.stackgroup is None
    # its key (HTML under the chart, which wraps on a phone): each symphony once, in its colour
    keys = compare_figures.contributions_keys(frame, symphony_colours(IDS))
    assert keys == [("up", symphony_colours(IDS)[IDS[0]]), ("down", symphony_colours(IDS)[IDS[1]])]
    assert {t.name: t.line.color for t in fig.data if t.stackgroup} == dict(keys) and fig.layout.showlegend is False


def test_the_account_chart_draws_each_account_in_its_colour_and_sums_its_flows_per_month_under_the_line():
    days = pd.bdate_range("2024-01-01", periods=400)
    frame = pd.concat(
        [
            pd.DataFrame({"account_id": a, "account_type": kind, "date": days, "wealth": 1.0, "drawdown": -0.1,
                          "benchmark_wealth": 1.0, "benchmark": "SPY"})
            for a, kind in (("acct-a", "INDIVIDUAL"), ("acct-b", "ROTH_IRA"))
        ]
    )  # fmt: skip
    deposits = pd.DataFrame({"account_id": "acct-a", "date": days[::5], "amount": 100.0})  # 80 deposits over 19 months
    withdrawal = pd.DataFrame({"account_id": "acct-b", "date": [days[50], days[52]], "amount": [-300.0, -200.0]})
    fig = figures.account_figure(frame, pd.concat([deposits, withdrawal]))
    colours = {t.name: t.line.color for t in fig.data if t.mode == "lines" and t.name != "SPY"}
    assert len(set(colours.values())) == 2  # each account (growth and drawdown) in a colour of its own
    for label in ("Individual ··ct-a", "Roth IRA ··ct-b"):
        assert colours[label] == colours[f"{label} drawdown"]
    flows = [t for t in fig.data if t.legendgroup == "flows"]
    assert sum(t.showlegend for t in flows) == 1 and flows[0].name == "Deposits ▲ / withdrawals ▼"
    marked = pd.concat([pd.DataFrame(list(t.customdata), columns=["period", "in", "out", "net", "n"]) for t in flows])
    assert len(marked) == deposits["date"].dt.to_period("M").nunique() + 1  # a marker per account and month
    assert marked["net"].sum() == deposits["amount"].sum() - 500.0 and marked["n"].sum() == len(deposits) + 2
    assert all(t.yaxis == "y3" for t in flows)  # along the foot of the growth panel, not on its line
