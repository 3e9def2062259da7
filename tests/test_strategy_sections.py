"""The strategy page's sections are built from what the page read: a symphony never edited live
has no since-edit line, an edited one says what changed, and the Sharpe hint states the
configured annualization factor."""

from __future__ import annotations

import datetime as dt

from webapp import strategy_sections


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
    assert "Since the last edit on 2026-03-02: Sharpe 0.80, CAGR 5.0%, max drawdown -12.0% over 120 days" in text_of(since_edit)
    assert "√260" in text_of(row) and "√252" not in text_of(row)
