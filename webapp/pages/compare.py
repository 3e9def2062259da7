"""Compare: several symphonies side by side: growth from a common start, drawdowns, metrics and
the correlation of their daily returns, over the report period. The selection lives in the URL
(?symphonies=a,b,c)."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, dcc, html

from webapp import compare_figures, ids, links
from webapp.formatting import clipped
from webapp.metric_columns import ANNUALIZED, SHORT_MARK, SHORT_NOTE, SPEC, python_text
from webapp.pages import PageCallbacks
from webapp.report import Report
from webapp.store import Lake, LakeUnavailable, readers, symphony_readers
from webapp.store.cache import cached_output

PAGE = {"path": "/compare", "name": "Compare", "title": "Compare · Algo Trading Analytics", "order": 2}
callbacks = PageCallbacks()


def layout(lake: Lake, symphonies: str | None = None, **query: str) -> html.Div:
    report = Report.from_query(query)
    try:
        names = dict(readers.symphonies_in_scope(lake, report).itertuples(index=False))
    except LakeUnavailable as exc:
        return dbc.Alert(str(exc), color="warning")
    requested = [s for s in (symphonies or "").split(",") if s]
    picked = [s for s in requested if s in names][: links.MAX_COMPARED]
    alert = (
        dbc.Alert("Some symphonies in the link are not in the account's data shown and were left out.", color="info")
        if len(picked) < len(requested[: links.MAX_COMPARED])
        else None
    )
    options = [{"label": n, "value": s} for s, n in sorted(names.items(), key=lambda i: i[1].lower())]
    return html.Div(
        [
            html.H4("Compare symphonies", className="mb-2"),
            dcc.Dropdown(
                id=ids.COMPARE_PICKED, multi=True, options=options, value=picked, placeholder="Pick two or more symphonies"
            ),
            html.Div(alert, id=ids.COMPARE_ALERT, className="mt-2"),
            dcc.Location(id=ids.COMPARE_URL, refresh=False),
            dcc.Store(id=ids.REPORT, data=report.query()),
            dbc.Row([dbc.Col(dcc.Graph(id=ids.COMPARE_EQUITY), lg=6), dbc.Col(dcc.Graph(id=ids.COMPARE_DRAWDOWNS), lg=6)]),
            dbc.Row([dbc.Col(html.Div(id=ids.COMPARE_TABLE), lg=6), dbc.Col(dcc.Graph(id=ids.COMPARE_CORRELATIONS), lg=6)]),
        ]
    )


def _window_note(metrics, count: int) -> html.P | None:
    if metrics.empty:
        return None
    first, last, base = metrics["start_date"].min(), metrics["end_date"].max(), metrics["base_date"].min()
    return html.P(
        f"Every column measures the same days: returns from {first:%Y-%m-%d} to {last:%Y-%m-%d}, from the close of "
        f"{base:%Y-%m-%d}, the first day all {count} were live.",
        className="small text-body-secondary mt-3 mb-0",
        id=ids.COMPARE_WINDOW,
    )


def _metrics_table(frame, names: dict[str, str], picked: list[str], trials: int, measures: dict[str, str]) -> dbc.Table:
    rows = frame.set_index("symphony_id").reindex(picked)
    header = html.Thead(html.Tr([html.Th("Metric")] + [html.Th(names[s], className="text-end") for s in picked]))
    # on a phone each metric stacks as a card, each value after its symphony's name (theme.css)
    labels = [clipped(names[s], 28) for s in picked]
    body = []
    for field, label, formatter in SPEC[1:]:
        if field not in rows.columns:
            continue
        definition = measures.get(field, "")
        if field == "deflated_sharpe":
            label = f"Deflated (DSR, N = {trials} picked)"
            definition = "The probability the Sharpe ratio is real after allowing for having picked the best of the symphonies compared here."
        short = rows["short_history"].fillna(False) if field in ANNUALIZED else [False] * len(rows)
        cells = [
            html.Td(
                python_text(formatter, v) + (f" {SHORT_MARK}" if flag and v == v else ""),
                className="text-end",
                **{"data-label": name},
            )
            for v, flag, name in zip(rows[field], short, labels)
        ]
        body.append(html.Tr([html.Td(label, title=definition, className="stack-title")] + cells, id=ids.compare_row(field)))
    table = dbc.Table([header, html.Tbody(body)], size="sm", hover=True, className="mt-3 table-stack", id=ids.COMPARE_METRICS)
    if not rows["short_history"].fillna(False).any():
        return table
    return html.Div([table, html.P(SHORT_NOTE + ".", className="small text-warning-emphasis", id=ids.COMPARE_SHORT_NOTE)])


callbacks.clientside(
    ClientsideFunction(namespace="urlState", function_name="symphonies"),
    Output(ids.COMPARE_URL, "search"),
    Output(ids.COMPARE_PICKED, "value"),
    Input(ids.COMPARE_PICKED, "value"),
    Input(ids.COMPARE_URL, "search"),
    prevent_initial_call=True,
)


@callbacks.callback(
    Output(ids.COMPARE_EQUITY, "figure"),
    Output(ids.COMPARE_DRAWDOWNS, "figure"),
    Output(ids.COMPARE_TABLE, "children"),
    Output(ids.COMPARE_CORRELATIONS, "figure"),
    Input(ids.COMPARE_PICKED, "value"),
    State(ids.REPORT, "data"),
)
def compare(lake: Lake, picked: list[str] | None, report_query: dict | None):
    try:
        names = readers.symphony_names(lake)
    except LakeUnavailable as exc:
        empty = compare_figures.empty_figure(str(exc))
        return empty, empty, None, empty
    picked = [s for s in picked or [] if s in names][: links.MAX_COMPARED]
    if len(picked) < 2:
        empty = compare_figures.empty_figure("Pick two or more symphonies.")
        return empty, empty, None, empty
    return _compare(lake, tuple(picked), Report.from_query(report_query))


@cached_output
def _compare(lake: Lake, picked: tuple[str, ...], report: Report):
    """Every column over the same days: from the close of the first day all picked symphonies
    were live (the growth chart's base) to the period's end."""
    names = readers.symphony_names(lake)
    equity = symphony_readers.compare_equity(lake, picked, report)
    window = report
    if not equity.empty:
        common_base, scope = equity["date"].min().date(), readers.scope(lake, report)
        window = Report.of_days(common_base + dt.timedelta(days=1), scope.end, scope.account_id)
    drawdowns = symphony_readers.compare_drawdowns(lake, picked, window)
    leaderboard = readers.leaderboard(lake, window)
    deflated = symphony_readers.compare_deflated(lake, picked, window).set_index("symphony_id")
    metrics = leaderboard[leaderboard["symphony_id"].isin(picked)].copy()
    # the deflated Sharpe ratio of this comparison: the symphonies picked are the trials
    metrics["deflated_sharpe"] = metrics["symphony_id"].map(deflated["deflated_sharpe"])
    trials = int(deflated["trials"].iloc[0]) if len(deflated) else 0
    correlations = symphony_readers.compare_correlations(lake, picked, window)
    missing = [names[s] for s in picked if s not in set(metrics["symphony_id"])]  # no day in the period
    table = [
        _window_note(metrics, len(picked) - len(missing)),
        _metrics_table(metrics, names, picked, trials, readers.metric_definitions(lake)),
    ]
    if missing:
        table.insert(0, dbc.Alert(f"No trading day in this period: {', '.join(missing)}.", color="info", className="py-1 small"))
    colours = readers.symphony_colours(lake)
    return (
        compare_figures.overlay(equity, names, colours, "growth", "Growth of 1 from the first common day"),
        compare_figures.overlay(drawdowns, names, colours, "drawdown", "Drawdowns", ".0%"),
        table,
        compare_figures.correlation_heatmap(correlations, names, picked),
    )
