"""Compare: several symphonies side by side: growth from a common start, drawdowns, metrics and
the correlation of their daily returns, over the report period. The selection lives in the URL
(?symphonies=a,b,c)."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, callback, dcc, html

from webapp import compare_figures, ids, range_bar
from webapp.formatting import clipped
from webapp.metric_columns import ANNUALIZED, SHORT_MARK, SHORT_NOTE, SPEC, python_text
from webapp.report_scope import Scope
from webapp.store import LakeUnavailable, readers
from webapp.store.cache import cached_output

dash.register_page(__name__, path="/compare", name="Compare", title="Compare · Algo Trading Analytics", order=2)


def layout(symphonies: str | None = None, **query: str) -> html.Div:
    period = range_bar.period_query(query)
    try:
        scope = range_bar.scope_of(period)
        names = dict(readers.symphonies_in_scope(scope).itertuples(index=False))
    except LakeUnavailable as exc:
        return dbc.Alert(str(exc), color="warning")
    requested = [s for s in (symphonies or "").split(",") if s]
    picked = [s for s in requested if s in names][: range_bar.MAX_COMPARED]
    alert = (
        dbc.Alert("Some symphonies in the link are not in the account's data shown and were left out.", color="info")
        if len(picked) < len(requested[: range_bar.MAX_COMPARED])
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
            dcc.Store(id=ids.PERIOD, data=period),
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


def _metrics_table(frame, names: dict[str, str], picked: list[str], trials: int) -> dbc.Table:
    rows = frame.set_index("symphony_id").reindex(picked)
    header = html.Thead(html.Tr([html.Th("Metric")] + [html.Th(names[s], className="text-end") for s in picked]))
    # on a phone each metric stacks as a card, each value after its symphony's name (theme.css)
    labels = [clipped(names[s], 28) for s in picked]
    body = []
    for field, label, formatter, definition in SPEC[1:]:
        if field not in rows.columns:
            continue
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


dash.clientside_callback(
    ClientsideFunction(namespace="urlState", function_name="symphonies"),
    Output(ids.COMPARE_URL, "search"),
    Output(ids.COMPARE_PICKED, "value"),
    Input(ids.COMPARE_PICKED, "value"),
    Input(ids.COMPARE_URL, "search"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.COMPARE_EQUITY, "figure"),
    Output(ids.COMPARE_DRAWDOWNS, "figure"),
    Output(ids.COMPARE_TABLE, "children"),
    Output(ids.COMPARE_CORRELATIONS, "figure"),
    Input(ids.COMPARE_PICKED, "value"),
    State(ids.PERIOD, "data"),
)
def compare(picked: list[str] | None, period: dict | None):
    try:
        names = readers.symphony_names()
        scope = range_bar.scope_of(period)
    except LakeUnavailable as exc:
        empty = compare_figures.empty_figure(str(exc))
        return empty, empty, None, empty
    picked = [s for s in picked or [] if s in names][: range_bar.MAX_COMPARED]
    if len(picked) < 2:
        empty = compare_figures.empty_figure("Pick two or more symphonies.")
        return empty, empty, None, empty
    return _compare(tuple(picked), scope)


@cached_output
def _compare(picked: tuple[str, ...], scope: Scope):
    """Every column over the same days: from the close of the first day all picked symphonies
    were live (the growth chart's base) to the period's end."""
    names = readers.symphony_names()
    equity = readers.compare_equity(picked, scope)
    window = scope
    if not equity.empty:
        common_base = equity["date"].min().date()
        window = Scope(common_base + dt.timedelta(days=1), scope.end, scope.account_id)
    drawdowns = readers.compare_drawdowns(picked, window)
    leaderboard = readers.leaderboard(window)
    deflated = readers.compare_deflated(picked, window).set_index("symphony_id")
    metrics = leaderboard[leaderboard["symphony_id"].isin(picked)].copy()
    # the deflated Sharpe ratio of this comparison: the symphonies picked are the trials
    metrics["deflated_sharpe"] = metrics["symphony_id"].map(deflated["deflated_sharpe"])
    trials = int(deflated["trials"].iloc[0]) if len(deflated) else 0
    correlations = readers.compare_correlations(picked, window)
    missing = [names[s] for s in picked if s not in set(metrics["symphony_id"])]  # no day in the period
    table = [_window_note(metrics, len(picked) - len(missing)), _metrics_table(metrics, names, picked, trials)]
    if missing:
        table.insert(0, dbc.Alert(f"No trading day in this period: {', '.join(missing)}.", color="info", className="py-1 small"))
    colours = readers.symphony_colours()
    return (
        compare_figures.overlay(equity, names, colours, "growth", "Growth of 1 from the first common day"),
        compare_figures.overlay(drawdowns, names, colours, "drawdown", "Drawdowns", ".0%"),
        table,
        compare_figures.correlation_heatmap(correlations, names, picked),
    )
