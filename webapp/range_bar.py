"""The one report-period control, under the navbar on every page, and the glue between it, the
URL and the pages.

The URL is the state. Picking a preset or dates writes `?range=` / `?start=&end=` through a
`callback-nav` Location (clientside, keeping the page's own parameters), Dash Pages renders the
page again with those parameters, and back/forward replay them the same way. Each page puts the
period it was rendered with in a `period` store that its callbacks read.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, dcc, html

from webapp import data, date_range
from webapp.data import Bounds

PAGES_LOCATION = "_pages_location"  # Dash Pages' own Location: its search is the page's query


def control() -> html.Div:
    return html.Div(
        [
            dcc.Location(id="range-url", refresh="callback-nav"),
            dcc.Store(id="range-resolved"),
            dbc.RadioItems(
                id="range-preset",
                options=[{"label": "All" if p == "ALL" else p, "value": p} for p in date_range.PRESETS],
                value=date_range.DEFAULT,
                inline=True,
                className="btn-group btn-group-sm me-3",
                inputClassName="btn-check",
                labelClassName="btn btn-outline-secondary",
                labelCheckedClassName="active",
            ),
            dcc.DatePickerRange(
                id="range-dates",
                display_format="YYYY-MM-DD",
                start_date_placeholder_text="from",
                end_date_placeholder_text="to",
                minimum_nights=0,
                clearable=False,
                className="me-3",
            ),
            html.Span(id="range-label", className="small text-body-secondary"),
            html.Div(id="range-alert", className="w-100 mt-2"),
        ],
        className="d-flex flex-wrap align-items-center mb-3",
        id="range-bar",
    )


def nav_pages() -> list[dict]:
    """The pages the navbar links to (pages that need an id are reached from others)."""
    return [page for page in dash.page_registry.values() if not page.get("path_template")]


def period_key(period: Mapping[str, str]) -> tuple:
    """A page's `period` store as a cache key."""
    return tuple(sorted(period.items()))


def nav_id(page: dict) -> str:
    """The navbar link's id of a registered page ('pages.compare' → 'nav-compare')."""
    return "nav-" + page["module"].rsplit(".", 1)[-1]


def query_of(search: str | None) -> dict[str, str]:
    """A URL's query string as a dict (the last value of a repeated key wins)."""
    return dict(urllib.parse.parse_qsl((search or "").lstrip("?"), keep_blank_values=True))


def period_query(query: Mapping[str, object]) -> dict[str, str]:
    """Only the period's parameters of a page's query, validated (links carry these along)."""
    period, _ = date_range.parse(query)
    return period.query()


def with_period(href: str, query: Mapping[str, object]) -> str:
    """An internal link that keeps the current period."""
    params = period_query(query)
    return f"{href}?{urllib.parse.urlencode(params)}" if params else href


def file_suffix(bounds: Bounds) -> str:
    """'_20250101-20251231' for a download over a bounded period, '' for the whole history."""
    start, end = bounds
    return f"_{start:%Y%m%d}-{end:%Y%m%d}" if start and end else ""


def bounds_of(period_data: Mapping[str, object] | None) -> Bounds:
    """The dates a page's `period` store stands for, resolved against the snapshot's last day
    now (so a preset follows a newly published snapshot)."""
    period, _ = date_range.parse(period_data if isinstance(period_data, Mapping) else {})
    return period.bounds(data.store().data_span()[1])


def register(app: dash.Dash) -> None:
    @app.callback(
        Output("range-preset", "value"),
        Output("range-dates", "start_date"),
        Output("range-dates", "end_date"),
        Output("range-dates", "min_date_allowed"),
        Output("range-dates", "max_date_allowed"),
        Output("range-resolved", "data"),
        Output("range-label", "children"),
        Output("range-alert", "children"),
        Input(PAGES_LOCATION, "search"),
        Input("snapshot-run", "data"),
    )
    def show_range(search: str | None, _: str | None):
        """Show the URL's period in the control (on every navigation, back and forward too)."""
        period, problem = date_range.parse(query_of(search))
        alert = dbc.Alert(problem, color="info", className="py-1 mb-0 small", dismissable=True) if problem else None
        try:
            first, last = data.store().data_span()
        except data.LakeUnavailable:
            return period.preset, None, None, None, None, None, "", alert
        start, end = period.bounds(last)
        shown = (start or first, end or last)
        iso = [d.isoformat() if d else None for d in shown]
        label = date_range.describe((start, end), first, last)
        note = f"{label} · returns from the close before {iso[0]}" if start else label
        return (
            period.preset,
            iso[0],
            iso[1],
            first.isoformat() if first else None,
            last.isoformat() if last else None,
            {"preset": period.preset, "start": iso[0], "end": iso[1]},
            note,
            alert,
        )

    app.clientside_callback(
        ClientsideFunction(namespace="urlState", function_name="applyRange"),
        Output("range-url", "search"),
        Input("range-preset", "value"),
        Input("range-dates", "start_date"),
        Input("range-dates", "end_date"),
        State("range-resolved", "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        [Output(nav_id(page), "href") for page in nav_pages()],
        [Output(nav_id(page), "active") for page in nav_pages()],
        Input(PAGES_LOCATION, "pathname"),
        Input(PAGES_LOCATION, "search"),
    )
    def nav_links(pathname: str | None, search: str | None):
        """Navbar links keep the period; the current page's link is highlighted."""
        query = query_of(search)
        hrefs = [with_period(page["relative_path"], query) for page in nav_pages()]
        active = [pathname == page["relative_path"] for page in nav_pages()]
        return hrefs + active
