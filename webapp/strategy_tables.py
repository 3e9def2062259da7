"""The strategy page's tables, as QuantStats' tearsheet has them: the worst drawdown episodes and
the yearly returns against the benchmark. Pure builders from the views' frames."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from webapp.formatting import show


def _day(value: object) -> str:
    return "—" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def drawdown_table(frame: pd.DataFrame) -> dbc.Table | html.P:
    """drawdown_periods rows, deepest first: start, trough, recovery, depth, length."""
    if frame.empty:
        return html.P("No drawdown in this period.", className="small text-body-secondary")
    header = html.Thead(
        html.Tr([html.Th(h) for h in ("Start", "Trough", "Recovery", "Depth", "Days to trough", "Days under water")])
    )
    rows = [
        html.Tr(
            [
                html.Td(_day(r.start_date)),
                html.Td(_day(r.trough_date)),
                html.Td(_day(r.recovery_date) if not pd.isna(r.recovery_date) else "not yet"),
                html.Td(show(r.depth, "{:.1%}"), className="text-end text-danger"),
                html.Td(show(r.days_to_trough, "{:,.0f}"), className="text-end"),
                html.Td(show(r.days_under_water, "{:,.0f}"), className="text-end"),
            ]
        )
        for r in frame.itertuples()
    ]
    return dbc.Table([header, html.Tbody(rows)], size="sm", hover=True, responsive=True, id="strategy-drawdowns")


def yearly_table(frame: pd.DataFrame, benchmark: str) -> dbc.Table | html.P:
    """yearly_returns rows: the symphony's return, the benchmark's over the same days, the gap."""
    if frame.empty:
        return html.P("No full day of returns in this period.", className="small text-body-secondary")
    header = html.Thead(html.Tr([html.Th(h) for h in ("Year", "Return", benchmark, "Difference", "Trading days")]))
    rows = []
    for r in frame.itertuples():
        gap = r.period_return - r.benchmark_return if not pd.isna(r.benchmark_return) else None
        colour = "" if gap is None else ("text-success" if gap >= 0 else "text-danger")
        rows.append(
            html.Tr(
                [
                    html.Td(str(r.year)),
                    html.Td(show(r.period_return, "{:.1%}"), className="text-end"),
                    html.Td(show(r.benchmark_return, "{:.1%}"), className="text-end"),
                    html.Td(show(gap, "{:+.1%}"), className=f"text-end {colour}"),
                    html.Td(show(r.trading_days, "{:,.0f}"), className="text-end"),
                ]
            )
        )
    return dbc.Table([header, html.Tbody(rows)], size="sm", hover=True, responsive=True, id="strategy-yearly")
