"""Portfolio: where the account's PnL came from in the report period, how it is allocated today,
and what-if weights: the equity, Sharpe and drawdown over the period of a blend of symphonies at
weights the user sets."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, dcc, html

from webapp import account_sections, compare_figures, data, queries, range_bar
from webapp.formatting import show
from webapp.report_scope import Scope

dash.register_page(__name__, path="/portfolio", name="Portfolio", title="Portfolio · Algo Trading Analytics", order=3)
TOP_CONTRIBUTORS = 10
WHAT_IF_SYMPHONIES = 20


def _weight_row(symphony_id: str, name: str, weight: float) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(html.Label(name, htmlFor=f"w-{symphony_id}", className="small"), width=8),
            dbc.Col(
                dbc.Input(
                    id={"type": "what-if-weight", "index": symphony_id},
                    type="number",
                    min=0,
                    max=100,
                    step=1,
                    value=weight,
                    size="sm",
                ),
                width=4,
            ),
        ],
        className="mb-1 align-items-center",
    )


def layout(**query: str) -> html.Div:
    store = data.store()
    try:
        period = range_bar.period_query(query)
        scope = range_bar.scope_of(period)
        return store.cached(("portfolio-page", range_bar.period_key(period), scope), lambda: _page(store, period, scope))
    except data.LakeUnavailable as exc:
        return dbc.Alert(str(exc), color="warning")


def _page(store: data.LakeData, period: dict, scope: Scope) -> html.Div:
    """The page for one period (built once per snapshot, then cached); what-if is a callback."""
    candidates = store.frame(queries.WHAT_IF_CANDIDATES, [WHAT_IF_SYMPHONIES], scope)
    total = float(candidates["value"].sum()) or 1.0
    weights = [_weight_row(r.symphony_id, r.name, round(100 * r.value / total)) for r in candidates.itertuples()]
    return html.Div(
        [
            html.H4("Portfolio", className="mb-2"),
            dcc.Store(id="period", data=period),
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Graph(
                            figure=compare_figures.contributions_figure(
                                store.frame(queries.CONTRIBUTIONS, [TOP_CONTRIBUTORS], scope)
                            )
                        ),
                        lg=8,
                    ),
                    dbc.Col(
                        dcc.Graph(figure=compare_figures.allocation_figure(store.frame(queries.ALLOCATION, None, scope))), lg=4
                    ),
                ]
            ),
            account_sections.returns_section(store.frame(queries.ACCOUNT_RETURNS, None, scope)),
            account_sections.activity_section(
                store.frame(queries.ACTIVITY_NEWEST, [account_sections.ROWS_SHOWN], scope),
                int(store.frame(queries.ACTIVITY_COUNT, None, scope)["rows"].iloc[0]),
            ),
            html.H5("What if the weights were different?", className="mt-3"),
            html.P(
                "Weights in percent (they are normalized); starting from today's allocation. The blend is rebalanced daily, "
                "over the days in the period on which every weighted symphony was live.",
                className="small text-body-secondary",
            ),
            dbc.Row(
                [
                    dbc.Col([*weights, dbc.Button("Apply weights", id="what-if-apply", size="sm", className="mt-2")], lg=4),
                    dbc.Col([html.Div(id="what-if-metrics"), dcc.Graph(id="what-if-equity")], lg=8),
                ]
            ),
        ]
    )


def _card(label: str, value: object, fmt: str) -> dbc.Col:
    shown = show(value, fmt)
    return dbc.Col(
        dbc.Card(
            dbc.CardBody([html.Div(label, className="small text-body-secondary"), html.Div(shown, className="fs-5 fw-semibold")])
        ),
        xs=6,
        md=3,
    )


@callback(
    Output("what-if-metrics", "children"),
    Output("what-if-equity", "figure"),
    Input("what-if-apply", "n_clicks"),
    State({"type": "what-if-weight", "index": ALL}, "value"),
    State({"type": "what-if-weight", "index": ALL}, "id"),
    State("period", "data"),
)
def what_if(_: int | None, values: list, ids: list[dict], period: dict | None):
    store = data.store()
    known = store.symphony_names()
    weights = {}
    for ident, value in zip(ids, values):
        try:
            weight = float(value or 0)
        except (TypeError, ValueError):
            weight = 0.0
        if ident["index"] in known and weight > 0:
            weights[ident["index"]] = min(weight, 1e6)
    if not weights:
        return dbc.Alert("Give at least one symphony a weight above zero.", color="info"), compare_figures.blend_figure(
            compare_figures.pd.DataFrame()
        )
    scope = range_bar.scope_of(period)
    return store.cached(("what-if-output", tuple(sorted(weights.items())), scope), lambda: _what_if(store, weights, scope))


def _what_if(store: data.LakeData, weights: dict[str, float], scope: Scope):
    metrics, equity = store.what_if(weights, scope)
    m = metrics.iloc[0].to_dict() if len(metrics) else {}
    cards = dbc.Row(
        [
            _card("Sharpe", m.get("sharpe"), "{:.2f}"),
            _card("CAGR", m.get("cagr"), "{:.1%}"),
            _card("Max drawdown", m.get("max_drawdown"), "{:.1%}"),
            _card("Volatility", m.get("volatility"), "{:.1%}"),
        ],
        className="g-2",
        id="what-if-cards",
    )
    return cards, compare_figures.blend_figure(equity)


@callback(
    Output("portfolio-activity-download", "data"),
    Input("portfolio-activity-csv", "n_clicks"),
    State("period", "data"),
    prevent_initial_call=True,
)
def download_activity(_: int, period: dict | None) -> dict:
    """All fills and cash events of the period, built on the server from the view (the grid shows
    only the newest)."""
    scope = range_bar.scope_of(period)
    text = account_sections.activity_csv(data.store().query(queries.ACTIVITY, None, scope))
    return {"content": text, "filename": f"activity{range_bar.file_suffix(scope)}.csv", "type": "text/csv"}
