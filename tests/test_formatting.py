"""How numbers are written on the pages: a missing value, dollar signs and losses."""

from __future__ import annotations

import math

import pytest

from webapp.formatting import probability, show


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


def test_a_probability_never_reads_as_certain():
    assert probability(0.99997) == ">99.9%" and probability(0.99997, 2) == ">99.99%" and probability(0.9999, 2) == "99.99%"
    assert probability(0.9994) == "99.9%" and probability(0.995, 0) == ">99%" and probability(0.994, 0) == "99%"
    assert probability(0.00002) == "<0.1%" and probability(0.004, 0) == "<1%" and probability(0.5) == "50.0%"
    assert probability(None) == "—" and probability(float("nan")) == "—"


def test_every_return_column_says_whether_it_is_cumulative_or_annualized_in_its_header():
    """Not only on hover: the leaderboard's and compare's headers say (cum.) or (ann.), and alpha's
    says it is annualized from the average day, with why it can exceed CAGR in its definition."""
    from webapp.metric_columns import ANNUALIZED, SPEC, default_definitions

    measures = default_definitions()
    headers = {field: (header, measures.get(field, "")) for field, header, _ in SPEC}
    assert "(cum.)" in headers["total_return"][0]
    assert all("(ann." in headers[field][0] for field in ANNUALIZED)
    assert headers["alpha"][0] == "Alpha (ann. mean day)" and "exceed CAGR" in headers["alpha"][1]
    assert headers["current_drawdown"][0] == "Current DD (period peak)"
