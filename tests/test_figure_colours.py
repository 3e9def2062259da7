"""One colour per symphony on every chart: compare's lines, the portfolio's stacked PnL and its
allocation bars give the same symphony the same colour, whatever else is on the chart."""

from __future__ import annotations

import pandas as pd

from webapp import compare_figures
from webapp.formatting import OTHERS_COLOUR, symphony_colour

IDS = ["AbCdEfGhIjKlMnOpQrSt", "ZyXwVuTsRqPoNmLkJiHg", "T8H2vogTazeXj86Ao4F7"]


def test_a_symphony_has_the_same_colour_on_compare_and_portfolio_charts():
    days = pd.to_datetime(["2026-01-02", "2026-01-05"])
    names = {s: f"name {i}" for i, s in enumerate(IDS)}
    overlay = compare_figures.overlay(
        pd.DataFrame({"symphony_id": [IDS[0]] * 2 + [IDS[2]] * 2, "date": list(days) * 2, "growth": [1, 1.1, 1, 0.9]}),
        names, "growth", "t",
    )  # fmt: skip
    stacked = compare_figures.contributions_figure(
        pd.DataFrame({"label": ["name 2", "name 1", "Others"], "symphony_id": [IDS[2], IDS[1], None],
                      "date": [days[0]] * 3, "cumulative_pnl": [1.0, 2.0, 3.0]})
    )  # fmt: skip
    bars = compare_figures.allocation_figure(
        pd.DataFrame({"symphony_id": IDS, "name": list(names.values()), "value": [3.0, 1.0, 2.0]})
    )
    on_compare = {t.name: t.line.color for t in overlay.data}
    on_stack = {t.name: t.line.color for t in stacked.data}
    on_bars = dict(zip(bars.data[0].y, bars.data[0].marker.color))
    assert on_compare["name 2"] == on_stack["name 2"] == on_bars["name 2"] == symphony_colour(IDS[2])
    assert on_compare["name 0"] == on_bars["name 0"] == symphony_colour(IDS[0])
    assert on_stack["Others"] == OTHERS_COLOUR


def test_colours_are_stable_and_spread():
    ids = [f"{i:020d}" for i in range(200)]
    assert [symphony_colour(s) for s in ids] == [symphony_colour(s) for s in ids]
    assert len({symphony_colour(s) for s in ids}) >= 12
