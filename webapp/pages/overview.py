"""Overview: the whole account's KPIs and curves, every symphony's metrics in one table, and the
PnL history of the one picked."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html

from webapp import data, figures, queries
from webapp.metric_columns import COLUMNS, columns_for

dash.register_page(__name__, path="/", name="Overview", title="Overview · Algo Trading Analytics", order=0)


def layout(symphony: str | None = None, **_: str) -> html.Div:
    return html.Div(
        [
            html.Div(id="overview-alert"),
            dcc.Store(id="overview-requested", data=symphony),
            html.Div(id="overview-kpis"),
            dcc.Graph(id="overview-account", figure=figures.empty_figure("Loading…")),
            html.Div(
                [
                    html.H4("Strategies", className="mb-2 mt-3 me-3 d-inline-block"),
                    dbc.Button("Download CSV", id="overview-csv", size="sm", color="secondary", outline=True),
                ]
            ),
            html.P(
                "Live trading metrics per symphony, from deposit-adjusted daily values. Hover a column for its definition.",
                className="text-body-secondary small",
            ),
            dag.AgGrid(
                id="overview-grid",
                columnDefs=COLUMNS,
                rowData=[],
                getRowId="params.data.symphony_id",
                defaultColDef={"sortable": True, "filter": True, "resizable": True, "minWidth": 90},
                dashGridOptions={"tooltipShowDelay": 200, "animateRows": False, "suppressColumnVirtualisation": True},
                rowClassRules={"text-body-secondary fst-italic": "params.data.short_history"},
                columnSize="autoSize",
                csvExportParams={"fileName": "symphony_metrics.csv"},
                style={"height": "460px"},
                className="ag-theme-alpine",
            ),
            dbc.Row(
                [
                    dbc.Col(html.Label("Symphony", htmlFor="overview-symphony", className="col-form-label"), width="auto"),
                    dbc.Col(dcc.Dropdown(id="overview-symphony", clearable=False, placeholder="Pick a symphony"), md=6),
                ],
                className="mt-4 mb-2 g-2",
            ),
            dcc.Link("Open the strategy page →", id="overview-strategy-link", href="/", className="small"),
            dcc.Loading(dcc.Graph(id="overview-pnl", figure=figures.empty_figure("Loading…")), type="dot"),
        ]
    )


@callback(
    Output("overview-grid", "columnDefs"),
    Output("overview-grid", "rowData"),
    Output("overview-symphony", "options"),
    Output("overview-symphony", "value"),
    Output("overview-alert", "children"),
    Input("snapshot-poll", "n_intervals"),
    Input("overview-grid", "cellClicked"),
    State("overview-symphony", "value"),
    State("overview-requested", "data"),
)
def load_overview(_: int | None, clicked: dict | None, current: str | None, requested: str | None):
    store = data.store()
    try:
        metrics = store.metrics()
    except data.LakeUnavailable as exc:
        return COLUMNS, [], [], None, dbc.Alert(str(exc), color="warning")
    names = store.symphony_names()
    options = [{"label": name, "value": sid} for sid, name in sorted(names.items(), key=lambda item: item[1].lower())]
    alert = None
    if ctx.triggered_id == "overview-grid" and clicked and clicked.get("rowId") in names:
        chosen = clicked["rowId"]
    elif current in names:
        chosen = current
    elif requested and requested not in names:
        alert = dbc.Alert(
            "The symphony in the link is not in this account's data; showing the top one instead.", color="info", dismissable=True
        )
        chosen = metrics["symphony_id"].iloc[0] if len(metrics) else None
    else:
        chosen = requested or (metrics["symphony_id"].iloc[0] if len(metrics) else None)
    rows = metrics.astype(object).where(metrics.notna(), None).to_dict("records")
    for row in rows:
        row["open"] = f"[Open ↗](/strategy/{row['symphony_id']})"
    return columns_for(list(metrics.columns)), rows, options, chosen, alert


def _kpi(label: str, value: object, fmt: str, hint: str = "") -> dbc.Col:
    shown = "—" if value is None or value != value else fmt.format(value)
    colour = ""
    if fmt.startswith("$") and isinstance(value, float) and value == value and "PnL" in label:
        colour = "text-success" if value >= 0 else "text-danger"
    body = [
        html.Div(label, className="small text-body-secondary", title=hint),
        html.Div(shown, className=f"fs-4 fw-semibold {colour}"),
    ]
    return dbc.Col(dbc.Card(dbc.CardBody(body)), xs=6, md=4, lg=2, className="mb-2")


@callback(Output("overview-kpis", "children"), Output("overview-account", "figure"), Input("snapshot-poll", "n_intervals"))
def account_summary(_: int | None):
    store = data.store()
    try:
        kpis = store.frame(queries.ACCOUNT_KPIS)
        series = store.frame(queries.ACCOUNT_SERIES)
    except data.LakeUnavailable as exc:
        return None, figures.empty_figure(str(exc))
    rows = []
    for k in kpis.to_dict("records"):
        rows.append(
            dbc.Row(
                [
                    _kpi("Account value", k["value"], "${:,.0f}", f"{k['account_type'] or 'account'} {str(k['account_id'])[:8]}"),
                    _kpi(
                        "PnL today",
                        k["pnl_today"],
                        "${:,.0f}",
                        f"net of deposits, {k['as_of']:%Y-%m-%d}" if k["as_of"] is not None else "",
                    ),
                    _kpi("PnL total", k["pnl_total"], "${:,.0f}", "dollars earned net of deposits and withdrawals"),
                    _kpi("Sharpe", k["sharpe"], "{:.2f}", "whole account, deposit-adjusted daily returns"),
                    _kpi("CAGR", k["cagr"], "{:.1%}"),
                    _kpi(
                        "Current drawdown",
                        k["current_drawdown"],
                        "{:.1%}",
                        f"worst: {k['max_drawdown']:.1%}" if k["max_drawdown"] is not None else "",
                    ),
                ],
                className="g-2",
            )
        )
    return rows, figures.account_figure(series)


@callback(Output("overview-strategy-link", "href"), Input("overview-symphony", "value"))
def link_strategy(symphony_id: str | None) -> str:
    return f"/strategy/{symphony_id}" if symphony_id else "/"


@callback(Output("overview-pnl", "figure"), Input("overview-symphony", "value"))
def show_pnl(symphony_id: str | None):
    store = data.store()
    try:
        names = store.symphony_names()
    except data.LakeUnavailable as exc:
        return figures.empty_figure(str(exc))
    if symphony_id not in names:
        return figures.empty_figure("Pick a symphony to see its PnL history.")
    return figures.pnl_figure(store.pnl(symphony_id), names[symphony_id])


@callback(Output("overview-grid", "exportDataAsCsv"), Input("overview-csv", "n_clicks"), prevent_initial_call=True)
def export_metrics(_: int) -> bool:
    return True
