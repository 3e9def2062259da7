"""The strategy page's sections are built from what the page read: a symphony never edited live
has no since-edit line, an edited one says what changed, the Sharpe hint states the configured
annualization factor, every return says whether it is cumulative or annualized, every annualized
figure over a short period is flagged, and an open drawdown says why it has no recovery."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from webapp import strategy_sections, strategy_tables
from webapp.metric_columns import SHORT_NOTE


def text_of(component: object) -> str:
    if component is None:
        return ""
    if isinstance(component, (list, tuple)):
        return " ".join(text_of(c) for c in component)
    if isinstance(component, str):
        return component
    children = getattr(component, "children", None)
    title = getattr(component, "title", None)
    return " ".join(filter(None, [title if isinstance(title, str) else "", text_of(children)]))


M = {"days": 200, "sharpe": 1.2, "total_return": 0.1, "psr": 0.9, "short_history": False}


def test_a_symphony_never_edited_live_has_no_since_edit_line():
    row, since_edit, _ = strategy_sections.headline(M, {}, {}, {}, {}, 252)
    assert since_edit is None
    assert "√252" in text_of(row)


def test_an_edited_symphony_says_what_changed_since_the_edit_with_the_configured_factor():
    since = {"edited_on": dt.date(2026, 3, 2), "days": 120, "sharpe": 0.8, "cagr": 0.05, "max_drawdown": -0.12}
    row, since_edit, _ = strategy_sections.headline(M, since, {}, {}, {}, 260)
    assert (
        "Since the last edit on 2026-03-02: Sharpe (annualized) 0.80, CAGR (annualized) 5.0%, max drawdown -12.0% over 120 days"
        in text_of(since_edit)
    )
    assert "√260" in text_of(row) and "√252" not in text_of(row)


def cards(row) -> dict[str, str]:
    """Each card of the headline row: its label and the rest of its text."""
    return {col.children.children.children[0].children: text_of(col) for col in row.children}


def test_every_return_on_the_strategy_page_says_whether_it_is_cumulative_or_annualized():
    flows = {"money_weighted_return": -0.921, "money_weighted_period_return": -0.188}
    row, _, _ = strategy_sections.headline(M | {"cagr": 0.3}, {}, {}, flows, {}, 252)
    labels = cards(row)
    assert {"Total return (cumulative)", "CAGR (annualized)", "Sharpe (annualized)", "Money-weighted return (annualized)"} <= set(
        labels
    )
    assert "-18.8% over the period (cumulative)" in labels["Money-weighted return (annualized)"]


def test_every_annualized_figure_over_a_short_period_is_flagged_and_none_otherwise():
    figures = M | {"cagr": 0.4, "sharpe": -5.62, "sortino": -4.0, "volatility": 0.3}
    flows = {"money_weighted_return": 0.5, "money_weighted_period_return": 0.03}
    short_row, _, _ = strategy_sections.headline(figures | {"short_history": True, "days": 21}, {}, {}, flows, {}, 252)
    long_row, _, _ = strategy_sections.headline(figures, {}, {}, flows, {}, 252)
    annualized = {"CAGR (annualized)", "Sharpe (annualized)", "Sortino (annualized)", "Volatility (annualized)",
                  "Money-weighted return (annualized)"}  # fmt: skip
    flagged = {label for label, text in cards(short_row).items() if SHORT_NOTE in text}
    assert flagged == annualized
    assert not any(SHORT_NOTE in text for text in cards(long_row).values())


def test_live_vs_backtest_is_the_growth_gap_of_the_same_days_in_percent_of_the_backtests_growth():
    vs = {"growth_gap": -0.0163, "live_return": 6.34, "backtest_return": 6.46, "common_days": 462}
    row, _, _ = strategy_sections.headline(M, {}, vs, {}, {}, 252)
    text = cards(row)["Live vs backtest growth"]
    assert "-1.6%" in text and "×7.34 live, ×7.46 backtest, 462 days" in text


def episodes(recovered: bool) -> pd.DataFrame:
    day = pd.Timestamp("2026-06-01")
    return pd.DataFrame(
        {"start_date": [day], "trough_date": [day + pd.Timedelta(days=20)],
         "recovery_date": [day + pd.Timedelta(days=60) if recovered else pd.NaT], "depth": [-0.2], "days_to_trough": [14],
         "days_under_water": [40]}
    )  # fmt: skip


@pytest.mark.parametrize(
    ("m", "period_end", "says"),
    [
        ({"status": "liquidated", "liquidated_on": pd.Timestamp("2026-07-15"), "end_date": pd.Timestamp("2026-07-15")}, "",
         "liquidated before recovering"),
        ({"status": "live", "end_date": pd.Timestamp("2026-08-31")}, "2026-08-31", "not by 2026-08-31"),
        ({"status": "live", "end_date": pd.Timestamp("2026-12-03")}, "", "not yet"),
    ],
)  # fmt: skip
def test_an_open_drawdown_says_why_it_has_no_recovery(m, period_end, says):
    open_table = text_of(strategy_tables.drawdown_table(episodes(False), m, period_end))
    others = {"liquidated before recovering", "not by", "not yet"} - {says.rsplit(" 2", 1)[0]}
    assert says in open_table and not any(other in open_table for other in others)
    assert says not in text_of(strategy_tables.drawdown_table(episodes(True), m, period_end))
