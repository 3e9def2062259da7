"""How a number is written on a page: one place for missing values and negative dollars."""

from __future__ import annotations


def show(value: object, fmt: str) -> str:
    """`fmt.format(value)`, '—' for a missing value (None or NaN), and −$803 rather than $-803."""
    if value is None or value != value:
        return "—"
    if fmt.startswith("$") and isinstance(value, int | float) and value < 0:
        return "−" + fmt.format(-value)
    return fmt.format(value)
