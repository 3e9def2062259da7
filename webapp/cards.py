"""The one figure card every page shows a number in: a label (its definition on hover), the
value, a line saying what it is of, any extra line, and for an annualized figure over a short
period the warning every such figure carries (pure)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from webapp.formatting import show
from webapp.metric_columns import SHORT_NOTE

# how many cards a row holds at each screen width (Bootstrap's 12 columns): two on a phone
ROW_OF_FOUR = {"xs": 6, "md": 3}
ROW_OF_SIX = {"xs": 6, "md": 3, "lg": 2}
ROW_OF_SIX_WIDE = {"xs": 6, "md": 4, "lg": 2}


def card(
    label: str,
    value: object,
    fmt: str = "{:.2f}",
    *,
    definition: str = "",
    of: str = "",
    extra: html.Div | None = None,
    short: bool = False,
    large: bool = False,
    signed: bool = False,
    widths: dict[str, int] = ROW_OF_SIX,
) -> dbc.Col:
    """A card for one figure. `signed` colours the value green or red by its sign (a PnL);
    `short` adds the short-period warning when there is a value."""
    colour = ""
    if signed and isinstance(value, float) and value == value:
        colour = "text-success" if value >= 0 else "text-danger"
    body = [
        html.Div(label, className="small text-body-secondary", title=definition or None),
        html.Div(show(value, fmt), className=f"{'fs-4' if large else 'fs-5'} fw-semibold {colour}".strip()),
        html.Div(of, className="small text-body-secondary") if of else None,
        extra,
        html.Div(SHORT_NOTE, className="small text-warning-emphasis short-flag") if short and pd.notna(value) else None,
    ]
    return dbc.Col(
        dbc.Card(dbc.CardBody([part for part in body if part is not None]), className="h-100"), **widths, className="mb-2"
    )
