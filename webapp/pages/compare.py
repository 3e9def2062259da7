"""Compare: several symphonies side by side: growth from a common start, drawdowns, metrics and
the correlation of their daily returns. The selection lives in the URL (?symphonies=a,b,c)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from webapp import compare_figures, data, queries
from webapp.metric_columns import SPEC

dash.register_page(__name__, path="/compare", name="Compare", title="Compare · Algo Trading Analytics", order=2)
MAX_PICKED = 12


def layout(symphonies: str | None = None, **_: str) -> html.Div:
    try:
        names = data.store().symphony_names()
    except data.LakeUnavailable as exc:
        return dbc.Alert(str(exc), color="warning")
    requested = [s for s in (symphonies or "").split(",") if s]
    picked = [s for s in requested if s in names][:MAX_PICKED]
    alert = (
        dbc.Alert("Some symphonies in the link are not in this account's data and were left out.", color="info")
        if len(picked) < len(requested[:MAX_PICKED])
        else None
    )
    options = [{"label": n, "value": s} for s, n in sorted(names.items(), key=lambda i: i[1].lower())]
    return html.Div(
        [
            html.H4("Compare symphonies", className="mb-2"),
            dcc.Dropdown(
                id="compare-picked", multi=True, options=options, value=picked, placeholder="Pick two or more symphonies"
            ),
            html.Div(alert, id="compare-alert", className="mt-2"),
            dcc.Location(id="compare-url", refresh=False),
            dbc.Row([dbc.Col(dcc.Graph(id="compare-equity"), lg=6), dbc.Col(dcc.Graph(id="compare-drawdowns"), lg=6)]),
            dbc.Row([dbc.Col(html.Div(id="compare-table"), lg=6), dbc.Col(dcc.Graph(id="compare-correlations"), lg=6)]),
        ]
    )


def _metrics_table(frame, names: dict[str, str], picked: list[str]) -> dbc.Table:
    rows = frame.set_index("symphony_id").reindex(picked)
    header = html.Thead(html.Tr([html.Th("Metric")] + [html.Th(names[s], className="text-end") for s in picked]))
    body = []
    for field, label, formatter, definition in SPEC[1:]:
        if field not in rows.columns:
            continue
        fmt = (
            "{:.2%}"
            if formatter and "%" in formatter["function"]
            else "${:,.0f}"
            if formatter and "$" in formatter["function"]
            else "{:,.2f}"
        )
        cells = [html.Td("—" if v is None or v != v else fmt.format(v), className="text-end") for v in rows[field]]
        body.append(html.Tr([html.Td(label, title=definition)] + cells))
    return dbc.Table([header, html.Tbody(body)], size="sm", hover=True, className="mt-3", id="compare-metrics")


@callback(
    Output("compare-equity", "figure"),
    Output("compare-drawdowns", "figure"),
    Output("compare-table", "children"),
    Output("compare-correlations", "figure"),
    Output("compare-url", "search"),
    Input("compare-picked", "value"),
)
def compare(picked: list[str] | None):
    store = data.store()
    try:
        names = store.symphony_names()
    except data.LakeUnavailable as exc:
        empty = compare_figures.empty_figure(str(exc))
        return empty, empty, None, empty, dash.no_update
    picked = [s for s in picked or [] if s in names][:MAX_PICKED]
    search = "?symphonies=" + ",".join(picked) if picked else ""
    if len(picked) < 2:
        empty = compare_figures.empty_figure("Pick two or more symphonies.")
        return empty, empty, None, empty, search
    equity = store.frame(queries.COMPARE_EQUITY, [picked])
    drawdowns = store.frame(queries.COMPARE_DRAWDOWNS, [picked])
    metrics = store.frame(queries.COMPARE_METRICS, [picked])
    correlations = store.frame(queries.COMPARE_CORRELATIONS, [picked, picked])
    return (
        compare_figures.overlay(equity, names, "growth", "Growth of 1 from the first common day"),
        compare_figures.overlay(drawdowns, names, "drawdown", "Drawdowns", ".0%"),
        _metrics_table(metrics, names, picked),
        compare_figures.correlation_heatmap(correlations, names, picked),
        search,
    )
