"""The one report control, under the navbar on every page: the period and the account, and the
glue between it, the URL and the pages.

The URL is the state. Picking a preset or dates writes `?range=` / `?start=&end=`, picking an
account writes `?account=<uuid>` (no parameter: every account), through a `callback-nav`
Location (clientside, keeping the page's own parameters); Dash Pages renders the page again with
those parameters, and back/forward replay them the same way. Each page parses its parameters once
into a `Report` and puts `report.query()` in a `report` store, which its callbacks turn back into
the same Report.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, dcc, html

from webapp import date_range, ids, links
from webapp.formatting import account_label
from webapp.pages import with_lake
from webapp.report import ALL_ACCOUNTS, Report
from webapp.store import Lake, LakeUnavailable, readers

BAR_CLASSES = "d-flex flex-wrap align-items-center mb-3"


def control() -> html.Div:
    return html.Div(
        [
            dcc.Location(id=ids.RANGE_URL, refresh="callback-nav"),
            dcc.Store(id=ids.RANGE_RESOLVED),
            dbc.RadioItems(
                id=ids.RANGE_PRESET,
                options=[{"label": "All" if p == "ALL" else p, "value": p} for p in date_range.PRESETS],
                value=date_range.DEFAULT,
                inline=True,
                className="btn-group btn-group-sm me-3",
                inputClassName="btn-check",
                labelClassName="btn btn-outline-secondary",
                labelCheckedClassName="active",
            ),
            dcc.DatePickerRange(
                id=ids.RANGE_DATES,
                display_format="YYYY-MM-DD",
                start_date_placeholder_text="from",
                end_date_placeholder_text="to",
                minimum_nights=0,
                clearable=False,
                className="me-3",
            ),
            dbc.Select(id=ids.RANGE_ACCOUNT, size="sm", className="w-auto me-3", style={"display": "none"}),
            html.Span(id=ids.RANGE_LABEL, className="small text-body-secondary"),
            html.Div(id=ids.RANGE_ALERT, className="w-100 mt-2"),
        ],
        className=BAR_CLASSES,
        id=ids.RANGE_BAR,
    )


def nav_pages() -> list[dict]:
    """The pages the navbar links to (pages that need an id are reached from others)."""
    return [page for page in dash.page_registry.values() if not page.get("path_template")]


def query_of(search: str | None) -> dict[str, str]:
    """A URL's query string as a dict (the last value of a repeated key wins)."""
    return dict(urllib.parse.parse_qsl((search or "").lstrip("?"), keep_blank_values=True))


def account_options(accounts: Mapping[str, str]) -> list[dict]:
    """The account picker: every account, then each one by type and the end of its id."""
    return [{"label": "All accounts", "value": ALL_ACCOUNTS}] + [
        {"label": account_label(kind, account_id), "value": account_id} for account_id, kind in accounts.items()
    ]


def register(app: dash.Dash, lake: Lake) -> None:
    app.callback(
        Output(ids.RANGE_PRESET, "value"),
        Output(ids.RANGE_DATES, "start_date"),
        Output(ids.RANGE_DATES, "end_date"),
        Output(ids.RANGE_DATES, "min_date_allowed"),
        Output(ids.RANGE_DATES, "max_date_allowed"),
        Output(ids.RANGE_RESOLVED, "data"),
        Output(ids.RANGE_LABEL, "children"),
        Output(ids.RANGE_ALERT, "children"),
        Output(ids.RANGE_ACCOUNT, "options"),
        Output(ids.RANGE_ACCOUNT, "value"),
        Output(ids.RANGE_ACCOUNT, "style"),
        Input(ids.PAGES_LOCATION, "search"),
        Input(ids.SNAPSHOT_RUN, "data"),
    )(with_lake(show_range, lake))
    app.clientside_callback(
        ClientsideFunction(namespace="urlState", function_name="applyRange"),
        Output(ids.RANGE_URL, "search"),
        Input(ids.RANGE_PRESET, "value"),
        Input(ids.RANGE_DATES, "start_date"),
        Input(ids.RANGE_DATES, "end_date"),
        Input(ids.RANGE_ACCOUNT, "value"),
        State(ids.RANGE_RESOLVED, "data"),
        prevent_initial_call=True,
    )

    app.callback(Output(ids.RANGE_BAR, "className"), Input(ids.PAGES_LOCATION, "pathname"))(bar_classes)
    app.callback(
        [Output(ids.nav_link(page["module"]), "href") for page in nav_pages()],
        [Output(ids.nav_link(page["module"]), "active") for page in nav_pages()],
        Input(ids.PAGES_LOCATION, "pathname"),
        Input(ids.PAGES_LOCATION, "search"),
    )(nav_links)


def show_range(lake: Lake, search: str | None, _: str | None):
    """Show the URL's period and account in the control (on every navigation, back and
    forward too)."""
    report = Report.from_query(query_of(search))
    try:
        first, last = readers.data_span(lake)
        accounts = readers.accounts(lake)
    except LakeUnavailable:
        alert = _alert(report.problem)
        return report.period.preset, None, None, None, None, None, "", alert, [], ALL_ACCOUNTS, {"display": "none"}
    scope = readers.scope(lake, report)
    start, end = scope.bounds
    missing = None
    if report.account_id and report.account_id not in accounts:
        missing = "The account in the link is not in this snapshot; showing every account."
    empty = None
    span = (start or first, end or last)
    if (start or end) and all(span) and not readers.trading_days_between(lake, *span):
        empty = (
            f"No trading day in this period ({span[0]:%Y-%m-%d} – {span[1]:%Y-%m-%d}): the snapshot has "
            f"{date_range.describe((None, None), first, last)}. Pick another range."
        )
    alert = _alert(" ".join(p for p in (report.problem, missing, empty) if p))
    shown = (start or first, end or last)
    iso = [d.isoformat() if d else None for d in shown]
    label = date_range.describe((start, end), first, last)
    note = f"{label} · returns from the close before {iso[0]}" if start else label
    return (
        report.period.preset,
        iso[0],
        iso[1],
        first.isoformat() if first else None,
        last.isoformat() if last else None,
        {"preset": report.period.preset, "start": iso[0], "end": iso[1], "account": scope.account_id or ALL_ACCOUNTS},
        note,
        alert,
        account_options(accounts),
        scope.account_id or ALL_ACCOUNTS,
        {"display": "block"} if len(accounts) > 1 else {"display": "none"},
    )


def bar_classes(pathname: str | None) -> str:
    """The control is hidden on a page the period and account change nothing on (a page registered
    with report_period=False: the alerts)."""
    unused = {page["relative_path"] for page in dash.page_registry.values() if page.get("report_period") is False}
    return "d-none" if pathname in unused else BAR_CLASSES


def nav_links(pathname: str | None, search: str | None):
    """Navbar links keep the period; the current page's link is highlighted."""
    report = Report.from_query(query_of(search))
    hrefs = [links.page(page["relative_path"], report) for page in nav_pages()]
    active = [pathname == page["relative_path"] for page in nav_pages()]
    return hrefs + active


def _alert(problem: str | None) -> dbc.Alert | None:
    return dbc.Alert(problem, color="info", className="py-1 mb-0 small", dismissable=True) if problem else None
