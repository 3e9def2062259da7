"""How a number is written on a page: one place for missing values and negative dollars."""

from __future__ import annotations


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
