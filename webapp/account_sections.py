"""The portfolio page's account sections: each account's returns from Composer's own cash
records, and the list of fills and cash events (account-level: Composer's trade report does not
say which symphony placed an order, so fills are never shown per symphony)."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from webapp import cards, ids
from webapp.formatting import account_label, flag, phone_grid, show

ACTIVITY_COLUMNS = [
    {"field": "date", "headerName": "Date", "minWidth": 110},
    {"field": "kind", "headerName": "Kind", "minWidth": 110},
    {"field": "symbol", "headerName": "Symbol"},
    {"field": "side", "headerName": "Side"},
    {"field": "quantity", "headerName": "Quantity", "type": "numericColumn"},
    {
        "field": "price",
        "headerName": "Avg price",
        "type": "numericColumn",
        "valueFormatter": {"function": "d3.format('$,.2f')(params.value)"},
    },
    {
        "field": "amount",
        "headerName": "Cash ($)",
        "type": "numericColumn",
        "valueFormatter": {"function": "d3.format(',.2f')(params.value)"},
    },
    {"field": "type_code", "headerName": "Code"},
    {"field": "description", "headerName": "Description", "minWidth": 180},
    {"field": "occurred_at", "headerName": "Filled at (UTC)", "minWidth": 170},
    {"field": "account_id", "headerName": "Account", "minWidth": 120},
    {"field": "order_id", "headerName": "Order ID", "minWidth": 120},
]
EXPLAIN = (
    "Money-weighted: the annual rate that your deposits and withdrawals (Composer's non-trade report) "
    "earned, starting from the account's value before the period (and the same rate over the period's length, "
    "cumulative). Time-weighted (ours): the symphonies' deposit-adjusted return over the period, cumulative, "
    "whatever the timing of your deposits (annualized beneath it, to set beside the money-weighted rate). "
    "Composer's time-weighted return is cumulative since the account opened and measures the whole account, cash "
    "and direct trades included, so it differs from ours when the period is not All or the account holds more than "
    "symphonies."
)


def chart_key(items: list[tuple[str, str]], total: str | None = None, key_id: str | None = None) -> html.Ul:
    """A chart's key in HTML, wrapping at any width: a swatch in each colour and the whole name
    (and, given `total`, the chart's total line first)."""
    entries = [(total, None)] if total else []
    swatches = [
        html.Li(
            [
                html.Span(
                    className="chart-key-swatch" + (" chart-key-line" if colour is None else ""),
                    style={"background": colour} if colour else None,
                ),
                name,
            ],
            className="me-3",
        )
        for name, colour in entries + items
    ]
    return html.Ul(swatches, className="chart-key list-unstyled d-flex flex-wrap small mb-2", id=key_id)


def figure_card(label: str, value: object, fmt: str, hint: str | None = None, short: bool = False) -> dbc.Col:
    """A figure of the portfolio page, with what it is of (`hint`) on a line of its own."""
    return cards.card(label, value, fmt, of=hint or "", short=short, widths=cards.ROW_OF_FOUR)


def returns_section(frame: pd.DataFrame) -> html.Div:
    rows = []
    for r in frame.itertuples():
        rows.append(html.H6(account_label(r.account_type, r.account_id), className="mt-2"))
        rows.append(
            dbc.Row(
                [
                    figure_card(
                        "Money-weighted return (period, annualized)",
                        r.money_weighted_return,
                        "{:.1%}",
                        f"{show(r.money_weighted_period_return, '{:+.1%}')} over the period (cumulative)",
                        short=flag(r.short_history),
                    ),
                    figure_card(
                        "Time-weighted return (period, cumulative, ours)",
                        r.time_weighted_return,
                        "{:.1%}",
                        f"{show(r.time_weighted_cagr, '{:+.1%}')} annualized",
                        short=flag(r.short_history),
                    ),
                    figure_card(
                        "Time-weighted return (Composer, all-time, cumulative)", r.composer_time_weighted_return, "{:.1%}"
                    ),
                    figure_card("Net deposits (period)", r.net_deposits_in_period, "${:,.0f}"),
                ],
                className="g-2",
            )
        )
    return html.Div(
        [html.H5("Account returns", className="mt-3"), *rows, html.P(EXPLAIN, className="small text-body-secondary mt-2")],
        id=ids.PORTFOLIO_ACCOUNT_RETURNS,
    )


ROWS_SHOWN = 1000  # the grid shows the newest rows; a large account has hundreds of thousands


def activity_section(frame: pd.DataFrame, total: int) -> html.Div:
    """The newest fills and cash events of the period; the CSV button downloads all `total`."""
    data = _iso(frame)
    return html.Div(
        [
            html.Div(
                [
                    html.H5("Fills and cash flows", className="mt-3 me-3 d-inline-block"),
                    dbc.Button(
                        f"Download CSV ({total:,} rows)",
                        id=ids.PORTFOLIO_ACTIVITY_CSV,
                        size="sm",
                        color="secondary",
                        outline=True,
                    ),
                    dcc.Download(id=ids.PORTFOLIO_ACTIVITY_DOWNLOAD),
                ]
            ),
            html.P(
                "From Composer's trade and non-trade reports, for the whole account: the reports do not say which "
                "symphony placed an order. Cash: money in (+) or out (−) of the account."
                + (f" Showing the newest {len(frame):,} of {total:,}; the CSV has all of them." if total > len(frame) else ""),
                className="small text-body-secondary mb-1",
            ),
            phone_grid(
                dag.AgGrid(
                    id=ids.PORTFOLIO_ACTIVITY,
                    columnDefs=ACTIVITY_COLUMNS,
                    rowData=data.astype(object).where(data.notna(), None).to_dict("records"),
                    defaultColDef={
                        "sortable": True,
                        "filter": True,
                        "resizable": True,
                        "minWidth": 70,
                        "wrapHeaderText": True,
                        "autoHeaderHeight": True,
                    },
                    dashGridOptions={
                        "animateRows": False,
                        "pagination": True,
                        "paginationPageSize": 50,
                        "suppressColumnMoveAnimation": True,  # a phone's key columns move into place at once
                        "suppressColumnVirtualisation": True,  # twelve columns: every header where it belongs
                    },
                    columnSize="autoSize",
                    style={"height": "420px"},
                    className="ag-theme-alpine",
                ),
                ("date", "symbol", "amount"),
            ),
        ]
    )


def _iso(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as 2025-02-25 and fill times as ISO 8601 with their offset."""
    return frame.assign(
        date=pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d"),
        occurred_at=frame["occurred_at"].map(lambda t: None if pd.isna(t) else t.isoformat()),
    )
