"""How a number is written on a page: one place for missing values and negative dollars."""

from __future__ import annotations

import html
import re

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def show(value: object, fmt: str) -> str:
    """`fmt.format(value)`, '—' for a missing value (None or NaN), and −$803 rather than $-803."""
    if value is None or value != value:
        return "—"
    if fmt.startswith("$") and isinstance(value, int | float) and value < 0:
        return "−" + fmt.format(-value)
    return fmt.format(value)


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


def clipped(text: str, limit: int = 120) -> str:
    """A name cut to `limit` characters with an ellipsis (the page shows the whole of it on hover)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
