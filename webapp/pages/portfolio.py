"""Portfolio: where the account's PnL came from in the report period, how it is allocated today,
and what-if weights: the equity, Sharpe and drawdown over the period of a blend of symphonies at
weights the user sets."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, dcc, html

from webapp import account_sections, compare_figures, downloads, ids, trade_sections
from webapp.account_sections import figure_card
from webapp.formatting import clipped, flag
from webapp.pages import PageCallbacks
from webapp.report import Report
from webapp.store import Lake, LakeUnavailable, readers
from webapp.store.cache import cached_output

PAGE = {"path": "/portfolio", "name": "Portfolio", "title": "Portfolio · Algo Trading Analytics", "order": 3}
callbacks = PageCallbacks()
TOP_CONTRIBUTORS = 10
WHAT_IF_SYMPHONIES = 300  # weight rows offered (an account with more lists its largest holdings first)


def _weight_row(symphony_id: str, name: str, weight: float) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(html.Label(clipped(name, 60), title=name, className="small"), width=8),
            dbc.Col(
                dbc.Input(
                    id={"type": "what-if-weight", "index": symphony_id},
                    type="number",  # no min: a negative weight reaches the server, which says what is wrong
                    step=1,
                    value=weight,
                    size="sm",
                ),
                width=4,
            ),
        ],
        className="mb-1 align-items-center",
    )


def layout(lake: Lake, **query: str) -> html.Div:
    try:
        return _page(lake, Report.from_query(query))
    except LakeUnavailable as exc:
        return dbc.Alert(str(exc), color="warning")


@cached_output
def _page(lake: Lake, report: Report) -> html.Div:
    """The page for one report (built once per snapshot, then cached); what-if is a callback."""
    candidates = readers.what_if_candidates(lake, WHAT_IF_SYMPHONIES, report)
    pnl, colours = readers.contributions(lake, TOP_CONTRIBUTORS, report), readers.symphony_colours(lake)
    total = float(candidates["value"].sum()) or 1.0
    weights = [_weight_row(r.symphony_id, r.name, round(100 * r.value / total)) for r in candidates.itertuples()]
    return html.Div(
        [
            html.H4("Portfolio", className="mb-2"),
            dcc.Store(id=ids.REPORT, data=report.query()),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dcc.Graph(id=ids.PORTFOLIO_CONTRIBUTIONS, figure=compare_figures.contributions_figure(pnl, colours)),
                            account_sections.chart_key(
                                compare_figures.contributions_keys(pnl, colours), "Total", "portfolio-contributions-key"
                            )
                            if not pnl.empty
                            else None,
                        ],
                        lg=8,
                    ),
                    dbc.Col(
                        dcc.Graph(
                            id=ids.PORTFOLIO_ALLOCATION,
                            figure=compare_figures.allocation_figure(readers.allocation(lake, report), colours),
                        ),
                        lg=4,
                    ),
                ]
            ),
            account_sections.returns_section(readers.account_returns(lake, report)),
            account_sections.activity_section(
                readers.activity_newest(lake, account_sections.ROWS_SHOWN, report),
                int(readers.activity_count(lake, report)["rows"].iloc[0]),
            ),
            *trade_sections.unexplained_fills_section(readers.unexplained_fills(lake, report)),
            html.H5("What if the weights were different?", className="mt-3"),
            html.P(
                "Weights in percent (they are normalized), starting from today's allocation; every symphony with a return in "
                "the period can be weighted. The blend is rebalanced daily over the days on which every weighted symphony was "
                "live, and drawn against your actual portfolio over the same days.",
                className="small text-body-secondary",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Div(weights, style={"maxHeight": "420px", "overflowY": "auto"}, className="pe-2"),
                            dbc.Button("Apply weights", id=ids.WHAT_IF_APPLY, size="sm", className="mt-2"),
                        ],
                        lg=4,
                    ),
                    dbc.Col([html.Div(id=ids.WHAT_IF_METRICS), dcc.Graph(id=ids.WHAT_IF_EQUITY)], lg=8),
                ]
            ),
        ]
    )


@callbacks.callback(
    Output(ids.WHAT_IF_METRICS, "children"),
    Output(ids.WHAT_IF_EQUITY, "figure"),
    Input(ids.WHAT_IF_APPLY, "n_clicks"),
    State({"type": "what-if-weight", "index": ALL}, "value"),
    State({"type": "what-if-weight", "index": ALL}, "id"),
    State(ids.REPORT, "data"),
)
def what_if(lake: Lake, _: int | None, values: list, weight_ids: list[dict], report_query: dict | None):
    known = readers.symphony_names(lake)
    weights = {}
    for ident, value in zip(weight_ids, values):
        name = known.get(ident["index"], "a symphony")
        try:
            weight = float(value or 0)
        except (TypeError, ValueError):
            weight = float("nan")
        if not weight == weight or weight < 0 or weight == float("inf"):
            message = f"The weight of {name} is {value!r}: a weight is a number of 0 or more. Nothing was applied."
            return dbc.Alert(message, color="warning", id=ids.WHAT_IF_REFUSED), dash.no_update
        if ident["index"] in known and weight > 0:
            weights[ident["index"]] = min(weight, 1e6)
    if not weights:
        return dbc.Alert("Give at least one symphony a weight above zero.", color="info"), compare_figures.blend_figure(
            compare_figures.pd.DataFrame()
        )
    return _what_if(lake, tuple(sorted(weights.items())), Report.from_query(report_query))


@cached_output
def _what_if(lake: Lake, weights: tuple[tuple[str, float], ...], report: Report):
    metrics, equity, actual = readers.what_if(lake, weights, report)
    m = metrics.iloc[0].to_dict() if len(metrics) else {}
    window = (
        html.P(
            f"Measured from the close of {m['base_date']:%Y-%m-%d} to {m['end_date']:%Y-%m-%d}: {m['days']} trading days "
            "on which every weighted symphony was live.",
            className="small text-body-secondary mb-1",
            id=ids.WHAT_IF_WINDOW,
        )
        if m.get("days")
        else None
    )
    cards = dbc.Row(
        [
            figure_card("Sharpe (annualized)", m.get("sharpe"), "{:.2f}", short=flag(m.get("short_history"))),
            figure_card("CAGR (annualized)", m.get("cagr"), "{:.1%}", short=flag(m.get("short_history"))),
            figure_card("Max drawdown", m.get("max_drawdown"), "{:.1%}"),
            figure_card("Volatility (annualized)", m.get("volatility"), "{:.1%}", short=flag(m.get("short_history"))),
        ],
        className="g-2",
        id=ids.WHAT_IF_CARDS,
    )
    return [window, cards], compare_figures.blend_figure(equity, actual)


@callbacks.callback(
    Output(ids.PORTFOLIO_ACTIVITY_DOWNLOAD, "data"),
    Input(ids.PORTFOLIO_ACTIVITY_CSV, "n_clicks"),
    State(ids.REPORT, "data"),
    prevent_initial_call=True,
)
def download_activity(lake: Lake, _: int, report_query: dict | None) -> dict:
    """All fills and cash events of the period, built on the server from the view (the grid shows
    only the newest)."""
    report = Report.from_query(report_query)
    suffix = downloads.file_suffix(readers.scope(lake, report))
    return downloads.csv_download(readers.activity_all(lake, report), f"activity{suffix}.csv")
