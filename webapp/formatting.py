"""How a number is written on a page: one place for missing values and negative dollars."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import pandas as pd

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def show(value: object, fmt: str) -> str:
    """`fmt.format(value)`, '—' for a missing value (None or NaN), and −$803 rather than $-803."""
    if value is None or value != value:
        return "—"
    shown = fmt.format(abs(value)) if fmt.startswith("$") and isinstance(value, int | float) else fmt.format(value)
    if fmt.startswith("$") and value < 0 and any(c in "123456789" for c in shown):
        return "−" + shown  # a loss that rounds to $0 is shown as $0, not −$0
    return shown


def flag(value: object) -> bool:
    """A yes/no column of a query as a bool: NULL (None, NaN, pandas' NA) is no."""
    return value is not None and value is not pd.NA and value == value and bool(value)


def probability(value: object, decimals: int = 1) -> str:
    """A probability as a percentage that never reads as certain: 0.99997 is '>99.9%' and 0.00002
    '<0.1%' (at `decimals` places), since the statistics give 0 or 1 only in the limit."""
    if value is None or value != value:
        return "—"
    step = 10.0**-decimals
    if value >= 1 - step / 200:
        return f">{100 - step:.{decimals}f}%"
    if value < step / 200:
        return f"<{step:.{decimals}f}%"
    return f"{value:.{decimals}%}"


def account_label(account_type: str | None, account_id: str) -> str:
    """'Roth IRA ··3f2a': Composer's account type in words, and the end of its id to tell two
    accounts of one type apart."""
    words = (account_type or "account").replace("_", " ").title()
    for upper in ("Ira", "Sep", "Hsa", "Utma", "Ugma"):
        words = words.replace(upper, upper.upper())
    return f"{words} ··{account_id[-4:]}"


def plotly_text(value: object) -> str:
    """Text from Composer (a symphony's name, a ticker) as plotly shows it literally: plotly reads
    titles, legends, ticks, labels and hover text as HTML-like markup, so `<a href=...>` in a
    name would become a link; escaped, it is shown as typed."""
    return html.escape(str(value), quote=False)


def safe_id(value: object) -> str | None:
    """An id fit for a URL or a Markdown link (letters, digits, - and _), else None. Ingest only
    stores Composer's 20-character ids; this guards lakes written by anything else."""
    return value if isinstance(value, str) and _SAFE_ID.match(value) else None


def phone_grid(grid, key_columns: Iterable[str], fit: int | None = None):
    """An AG Grid wrapped so that on a phone it shows `key_columns` (the first `fit` of them the
    grid has) first, sized to the screen's width, before the others (assets/grid_phone.js)."""
    from dash import html

    extra = {"data-phone-fit": str(fit)} if fit else {}
    return html.Div(grid, **{"data-grid": grid.id, "data-phone-columns": ",".join(key_columns)}, **extra)


def clipped(text: str, limit: int = 120) -> str:
    """A name cut to `limit` characters with an ellipsis (the page shows the whole of it on hover)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# 26 colours that read on a light and a dark background, the most distinct first (plotly's D3
# without its grey, then CARTO's Bold and ColorBrewer's Paired and Dark2, without near-copies)
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#17becf", "#e377c2", "#bcbd22", "#8c564b",
    "#f2b701", "#11a579", "#cf1c90", "#7f3c8d", "#80ba5a", "#f97b72", "#008695", "#4b4b8f", "#a6761d",
    "#e73f74", "#52bca3", "#b15928", "#fb9a99", "#6a3d9a", "#99c945", "#ed645a", "#1b9e77",
)  # fmt: skip
OTHERS_COLOUR = "#9e9e9e"
ACCOUNT_COLOURS = ("#1f5fbf", "#c2410c", "#15803d", "#7e22ce", "#0e7490", "#a16207")


def symphony_colours(ordered_ids: Iterable[str]) -> dict[str, str]:
    """The one colour each symphony has on every chart: the snapshot's symphonies, in the order they
    went live, take the palette's colours in turn, so the first len(PALETTE) never share one and a
    symphony keeps its colour across pages, periods and new snapshots (a new one comes last)."""
    return {symphony_id: PALETTE[i % len(PALETTE)] for i, symphony_id in enumerate(ordered_ids)}


def account_colours(account_ids: Iterable[str]) -> dict[str, str]:
    """Each account's colour on the overview's account chart (its growth and its drawdown)."""
    return {account_id: ACCOUNT_COLOURS[i % len(ACCOUNT_COLOURS)] for i, account_id in enumerate(sorted(account_ids))}


def cell_classes(shown_on_phone: bool, numeric: bool) -> str:
    """A table cell's classes: right-aligned numbers, and hidden under 576 px when not a key column."""
    return " ".join(
        c for c in ("text-end text-nowrap" if numeric else "", "" if shown_on_phone else "d-none d-sm-table-cell") if c
    )
