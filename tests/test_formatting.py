"""How numbers are written on the pages: a missing value, dollar signs and losses."""

from __future__ import annotations

import math

import pytest

from webapp.formatting import show


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (-803.4, "${:,.0f}", "−$803"),
        (1234.5, "${:,.0f}", "$1,234"),
        (-0.3, "${:,.0f}", "$0"),  # a loss that rounds to nothing has no minus sign
        (0.0, "${:,.0f}", "$0"),
        (-0.004, "{:+.1%}", "-0.4%"),
        (None, "{:.2f}", "—"),
        (math.nan, "${:,.0f}", "—"),
    ],
)
def test_show_writes_losses_with_a_minus_before_the_dollar_and_missing_values_as_a_dash(value, fmt, shown):
    assert show(value, fmt) == shown
