"""Overview: the whole account's KPIs and curves, every symphony's metrics in one table (with a
trend line of the period), and the PnL history of the one picked. Everything is measured over the
report period in the URL; the picked symphony is in the URL too (`?symphony=`)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import ClientsideFunction, Input, Output, State, dcc, html

from webapp import account_cards, downloads, figures, ids, leaderboard_grid, links
from webapp.formatting import OTHERS_COLOUR, clipped, phone_grid, safe_id
from webapp.metric_columns import COLUMNS, SHORT_NOTE, columns_for, csv_columns
from webapp.pages import PageCallbacks, overview_live
from webapp.report import Report
from webapp.store import Lake, LakeUnavailable, readers, symphony_readers
from webapp.store.cache import cached_output

PAGE = {"path": "/", "name": "Overview", "title": "Overview · Algo Trading Analytics", "order": 0}
callbacks = PageCallbacks()
callbacks.extend(overview_live.callbacks)  # today, live: its panel, the grid's column, the poll


def layout(lake: Lake, symphony: str | None = None, **query: str) -> html.Div:
    return html.Div(
        [
            html.Div(id=ids.OVERVIEW_ALERT),
            dcc.Store(id=ids.REPORT, data=Report.from_query(query).query()),
            dcc.Location(id=ids.OVERVIEW_URL, refresh=False),
            dcc.Store(id=ids.OVERVIEW_REQUESTED, data=symphony),
            dcc.Store(id=ids.OVERVIEW_AUTOMATIC),
            *overview_live.components(lake),
            html.Div(id=ids.OVERVIEW_KPIS),
            dcc.Graph(id=ids.OVERVIEW_ACCOUNT, figure=figures.empty_figure("Loading…")),
            html.Div(
                [
                    html.H4("Strategies", className="mb-2 mt-3 me-3 d-inline-block"),
                    dbc.Button("Download CSV", id=ids.OVERVIEW_CSV, size="sm", color="secondary", outline=True, className="me-2"),
                    dcc.Download(id=ids.OVERVIEW_DOWNLOAD),
                    dbc.Button(
                        "Compare selected",
                        id=ids.OVERVIEW_COMPARE,
                        size="sm",
                        color="primary",
                        outline=True,
                        disabled=True,
                        href="/compare",
                    ),
                ]
            ),
            html.P(
                "Live trading metrics per symphony over the period, from deposit-adjusted daily values. "
                "Hover a column for its definition; click a row to chart it; tick two or more to compare them.",
                className="text-body-secondary small mb-1",
                id=ids.OVERVIEW_GRID_NOTE,
            ),
            phone_grid(leaderboard_grid.grid(), leaderboard_grid.PHONE_COLUMNS, leaderboard_grid.PHONE_FIT),
            dbc.Row(
                [
                    dbc.Col(html.Label("Symphony", htmlFor="overview-symphony", className="col-form-label"), width="auto"),
                    dbc.Col(dcc.Dropdown(id=ids.OVERVIEW_SYMPHONY, clearable=False, placeholder="Pick a symphony"), md=6),
                ],
                className="mt-4 mb-2 g-2",
            ),
            dcc.Link("Open the strategy page →", id=ids.OVERVIEW_STRATEGY_LINK, href="/", className="small"),
            dcc.Loading(dcc.Graph(id=ids.OVERVIEW_PNL, figure=figures.empty_figure("Loading…")), type="dot"),
        ]
    )


@callbacks.callback(
    Output(ids.OVERVIEW_GRID, "columnDefs"),
    Output(ids.OVERVIEW_GRID, "rowData"),
    Output(ids.OVERVIEW_GRID_NOTE, "children"),
    Output(ids.OVERVIEW_SYMPHONY, "options"),
    Output(ids.OVERVIEW_SYMPHONY, "value"),
    Output(ids.OVERVIEW_AUTOMATIC, "data"),
    Output(ids.OVERVIEW_ALERT, "children"),
    Input(ids.REPORT, "data"),
    State(ids.OVERVIEW_REQUESTED, "data"),
)
def load_overview(lake: Lake, report_query: dict | None, requested: str | None):
    """The leaderboard and the first pick, once per render of the page (a new snapshot or
    period renders the page again); show_live adds today's column."""
    try:
        names = readers.symphony_names(lake)
        table = _table(lake, Report.from_query(report_query))
    except LakeUnavailable as exc:
        return COLUMNS, [], dash.no_update, [], None, None, dbc.Alert(str(exc), color="warning")
    columns, rows, note, options, automatic = table
    alert = None
    if requested and requested not in names:
        alert = dbc.Alert(
            "The symphony in the link is not in this account's data; showing the top one instead.", color="info", dismissable=True
        )
    chosen = requested if requested in names else automatic
    return columns, rows, note, options, chosen, automatic, alert


@cached_output
def _table(lake: Lake, report: Report) -> tuple:
    """The leaderboard's columns, rows (with links and trend lines), note, the dropdown's options
    and the first pick, for one period."""
    metrics = readers.leaderboard(lake, report)
    names = dict(readers.symphonies_in_scope(lake, report).itertuples(index=False))
    trends = dict(readers.trends(lake, report).itertuples(index=False))
    colours = readers.symphony_colours(lake)
    options = [{"label": clipped(name), "value": sid} for sid, name in names.items()]
    automatic = metrics["symphony_id"].iloc[0] if len(metrics) else None
    days = metrics.select_dtypes("datetime").columns  # ISO days in the grid and its CSV, as in the view
    shown = metrics.assign(**{c: metrics[c].dt.strftime("%Y-%m-%d") for c in days})
    rows = shown.astype(object).where(shown.notna(), None).to_dict("records")
    for row in rows:
        symphony_id = safe_id(row["symphony_id"])  # never a Markdown link from an id that is not plain
        row["open"] = f"[Open ↗]({links.strategy(symphony_id, report)})" if symphony_id else ""
        row["trend"] = trends.get(row["symphony_id"])
        row["colour"] = colours.get(row["symphony_id"], OTHERS_COLOUR)  # the sparkline's, as on every chart
    hidden = len(names) - len(rows)
    trials = int(metrics["trials"].iloc[0]) if len(metrics) and "trials" in metrics and pd.notna(metrics["trials"].iloc[0]) else 0
    note = (
        "Live trading metrics per symphony over the period, from deposit-adjusted daily values; (cum.) cumulative over "
        "the period, (ann.) annualized. Hover a column for its definition; click a row to chart it; tick two or more to "
        "compare them."
        + (f" {SHORT_NOTE}." if metrics["short_history"].any() else "")
        + (f" Deflated Sharpe (DSR): N = {trials} symphonies ranked." if trials else "")
        + (
            f" {hidden} {'symphony' if hidden == 1 else 'symphonies'} with no trading day in this period not listed."
            if hidden
            else ""
        )
    )
    return columns_for(list(metrics.columns), readers.metric_definitions(lake)), rows, note, options, automatic


@callbacks.callback(
    Output(ids.OVERVIEW_SYMPHONY, "value", allow_duplicate=True),
    Input(ids.OVERVIEW_GRID, "cellClicked"),
    State(ids.OVERVIEW_SYMPHONY, "options"),
    prevent_initial_call=True,
)
def pick_from_grid(lake: Lake, clicked: dict | None, options: list[dict]):
    """A click on a row picks that symphony (the Open link goes to its page instead)."""
    row, column = (clicked or {}).get("rowId"), str((clicked or {}).get("colId"))
    if column == "open" or column.startswith("ag-Grid-") or row not in {o["value"] for o in options or []}:
        return dash.no_update  # the Open link and the selection tick do their own thing
    return row


@callbacks.callback(
    Output(ids.OVERVIEW_COMPARE, "href"),
    Output(ids.OVERVIEW_COMPARE, "disabled"),
    Output(ids.OVERVIEW_COMPARE, "children"),
    Input(ids.OVERVIEW_GRID, "selectedRows"),
    State(ids.REPORT, "data"),
)
def compare_selected(lake: Lake, selected: list[dict] | None, report_query: dict | None):
    """The ticked rows, in the table's order, as a link to the compare page over the same period."""
    ticked = [i for i in (safe_id(r.get("symphony_id")) for r in selected or []) if i]
    picked = ticked[: links.MAX_COMPARED]
    href = links.compare(picked, Report.from_query(report_query))
    if len(ticked) > len(picked):
        label = f"Compare the first {len(picked)} of {len(ticked)} selected →"
    else:
        label = f"Compare {len(picked)} selected →" if len(picked) >= 2 else "Compare selected (tick two or more)"
    return href, len(picked) < 2, label


@callbacks.callback(Output(ids.OVERVIEW_KPIS, "children"), Output(ids.OVERVIEW_ACCOUNT, "figure"), Input(ids.REPORT, "data"))
def account_summary(lake: Lake, report_query: dict | None):
    try:
        return _account(lake, Report.from_query(report_query))
    except LakeUnavailable as exc:
        return None, figures.empty_figure(str(exc))


@cached_output
def _account(lake: Lake, report: Report) -> tuple:
    kpis = readers.account_kpis(lake, report)
    series = readers.account_series(lake, report)
    if series.empty:
        message = "No trading day in this period: pick another range above."
        return dbc.Alert(message, color="info", className="py-2"), figures.empty_figure(message)
    rows = account_cards.rows(kpis)
    return rows, figures.account_figure(series, readers.account_flows(lake, report))


@callbacks.callback(Output(ids.OVERVIEW_STRATEGY_LINK, "href"), Input(ids.OVERVIEW_SYMPHONY, "value"), State(ids.REPORT, "data"))
def link_strategy(lake: Lake, symphony_id: str | None, report_query: dict | None) -> str:
    return links.strategy(symphony_id, Report.from_query(report_query)) if symphony_id else "/"


callbacks.clientside(
    ClientsideFunction(namespace="urlState", function_name="symphony"),
    Output(ids.OVERVIEW_URL, "search"),
    Output(ids.OVERVIEW_SYMPHONY, "value", allow_duplicate=True),
    Input(ids.OVERVIEW_SYMPHONY, "value"),
    Input(ids.OVERVIEW_URL, "search"),
    State(ids.OVERVIEW_AUTOMATIC, "data"),
    prevent_initial_call=True,
)


@callbacks.callback(Output(ids.OVERVIEW_PNL, "figure"), Input(ids.OVERVIEW_SYMPHONY, "value"), State(ids.REPORT, "data"))
def show_pnl(lake: Lake, symphony_id: str | None, report_query: dict | None):
    try:
        names = readers.symphony_names(lake)
    except LakeUnavailable as exc:
        return figures.empty_figure(str(exc))
    if symphony_id not in names:
        return figures.empty_figure("Pick a symphony to see its PnL history.")
    return _pnl(lake, symphony_id, names[symphony_id], Report.from_query(report_query))


@cached_output
def _pnl(lake: Lake, symphony_id: str, name: str, report: Report):
    pnl = symphony_readers.pnl(lake, symphony_id, report)
    if pnl.empty:
        return figures.empty_figure(f"{name} has no trading day in this period.")
    return figures.pnl_figure(pnl, name)


@callbacks.callback(
    Output(ids.OVERVIEW_DOWNLOAD, "data"),
    Input(ids.OVERVIEW_CSV, "n_clicks"),
    State(ids.REPORT, "data"),
    prevent_initial_call=True,
)
def export_metrics(lake: Lake, _: int, report_query: dict | None) -> dict:
    """Every symphony of the period, every column of symphony_metrics (downloads.py's dialect)."""
    report = Report.from_query(report_query)
    metrics = readers.leaderboard(lake, report)
    suffix = downloads.file_suffix(readers.scope(lake, report))
    return downloads.csv_download(metrics[csv_columns(list(metrics.columns))], f"symphony_metrics{suffix}.csv")
