"""The strategy page's trading sections, built from what the page read (pure: no queries here):
the trades its holdings show with the account's fills beside them, where that history comes from,
and the dry run's preview of the day's trades."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from webapp import ids
from webapp.formatting import cell_classes, show

NEW_YORK = ZoneInfo("America/New_York")
SHOWN_TRADES = 200  # rows of the table; the CSV has every trade of the period
ORIGINS = {
    "composer_history": "Composer's per-symphony holdings history (every market day)",
    "nightly_snapshot": "the holdings each nightly sync recorded (this key cannot read Composer's history: "
    "a change shows on the first nightly run after it)",
}
TRADE_COLUMNS = (  # field, header, format, shown on a phone
    ("date", "Day", "{:%Y-%m-%d}", True),
    ("ticker", "Ticker", "{}", True),
    ("shares", "Shares", "{:+,.4f}", False),
    ("price", "Price", "${:,.2f}", False),
    ("source", "Price from", "{}", False),
    ("signed_notional", "Notional (est.)", "${:,.0f}", True),
    ("weights", "Weight before → after", "{}", False),
    ("account_filled_shares", "Account's fills", "{:+,.4f}", False),
    ("remainder_shares", "Beyond symphonies", "{:+,.4f}", False),
)


def history_note(span: pd.DataFrame) -> str:
    """Where the trades come from and what they cover: one sentence per origin."""
    if span.empty:
        return "No per-symphony holdings history yet: the next nightly sync reads it from Composer."
    parts = [
        f"{ORIGINS.get(r.origin, r.origin)}, {r.days:,} days from {r.first_day:%Y-%m-%d} to {r.last_day:%Y-%m-%d}"
        for r in span.itertuples()
    ]
    return (
        "A trade is a change in the shares this symphony held from one stored day to the next, read from "
        + "; and ".join(parts)
        + ". The notional is an estimate: shares × the account's average fill price of the ticker that day "
        "(the trade report does not say which symphony a fill belongs to), else the holding's price."
    )


SOURCES = {  # how the table names symphony_trades.price_source (the CSV keeps the view's words)
    "account fills that day": "fills",
    "holding price that day": "holding",
    "holding price the day before": "holding, day before",
}


def _cell(row: pd.Series, field: str, fmt: str) -> str:
    if field.endswith("_shares") and abs(row[field]) < 5e-5:
        return "0"  # a remainder of float noise is none
    if field == "source":
        return SOURCES.get(row["price_source"], row["price_source"] or "—")
    if field == "signed_notional":
        return show(-row["notional"] if row["shares"] < 0 else row["notional"], fmt)
    if field == "weights":
        return f"{show(row['weight_before'], '{:.1%}')} → {show(row['weight_after'], '{:.1%}')}"
    return show(row[field], fmt)


def trades_section(trades: pd.DataFrame, span: pd.DataFrame, period: str) -> list:
    """The trades of the period, newest first (the newest SHOWN_TRADES), and their CSV."""
    header = html.Thead(html.Tr([html.Th(h, className=cell_classes(shown, f != "ticker")) for f, h, _, shown in TRADE_COLUMNS]))
    rows = [
        html.Tr(
            [
                html.Td(
                    _cell(row, f, fmt),
                    className=cell_classes(shown, f != "ticker")
                    + (f" text-{'success' if row['shares'] > 0 else 'danger'}" if f == "signed_notional" else ""),
                )
                for f, _, fmt, shown in TRADE_COLUMNS
            ]
        )
        for _, row in trades.head(SHOWN_TRADES).iterrows()
    ]
    count = f"{len(trades):,} trades in {period}" + (
        f"; the newest {SHOWN_TRADES} are shown, the CSV has all" if len(trades) > SHOWN_TRADES else ""
    )
    return [
        html.H5("Trades (from its holdings)", className="mt-3 mb-1"),
        html.P(history_note(span), className="small text-body-secondary mb-1", id=ids.STRATEGY_TRADES_NOTE),
        html.P(
            "Shares and notional: + bought, − sold (green or red). Price from: the account's fills of the ticker that day, or the "
            "holding's price (that day's, or the day before's for a sale of all of it). Account's fills: every fill of "
            "that ticker that day in the account, in shares (all symphonies and direct trades). Beyond symphonies: the "
            "account's fills less every symphony's change in shares: direct trades, or a fill on another day than the "
            "holdings show it.",
            className="small text-body-secondary mb-2 d-none d-sm-block",
        ),
        html.Div(count, className="small mb-1"),
        dbc.Button("Download CSV", id=ids.STRATEGY_TRADES_CSV, size="sm", color="secondary", outline=True, className="mb-2"),
        dcc.Download(id=ids.STRATEGY_TRADES_DOWNLOAD),
        html.Div(
            dbc.Table([header, html.Tbody(rows)], size="sm", hover=True, id=ids.STRATEGY_TRADES), className="table-responsive"
        )
        if rows
        else None,
    ]


def _at(taken_at: str) -> dt.datetime:
    return dt.datetime.fromisoformat(taken_at).astimezone(NEW_YORK)


def preview_content(document: dict | None, symphony_id: str, now: dt.datetime) -> list:
    """The dry run's trades for this symphony today, labelled with when they were previewed; or
    why there is none."""
    heading = html.H5("Upcoming trades (Composer's dry run)", className="mt-3 mb-1")
    today = now.astimezone(NEW_YORK).date()
    if not document or document.get("market_date") != str(today):
        last = f" The last one was at {_at(document['taken_at']):%H:%M} ET on {document['market_date']}." if document else ""
        return [heading, html.P("No preview for today: the live job (python -m ingest live) asks Composer's dry run once a market day, "
                                "30 minutes before the close (15:30 ET on a full day)." + last, className="small text-body-secondary")]  # fmt: skip
    label = f"preview at {_at(document['taken_at']):%H:%M} ET on {document['market_date']}"
    if document.get("status") == "markets_closed":
        return [heading, html.P(f"No trades: Composer answered that the markets were closed ({label}).", className="small")]
    entry = next((s for s in document.get("symphonies", []) if s.get("symphony_id") == symphony_id), None)
    if entry is None:
        return [heading, html.P(f"Composer's dry run did not list this symphony ({label}).", className="small")]
    if not entry["trades"]:
        return [heading, html.P(f"No trades: a rebalance now would not trade ({label}).", className="small")]
    hidden = "d-none d-sm-table-cell"  # on a phone: ticker, shares and the signed notional
    rows = [
        html.Tr(
            [
                html.Td(t["ticker"], className="text-break"),
                html.Td("buy" if (t.get("notional") or 0) > 0 else "sell", className=hidden),
                html.Td(show(t.get("quantity"), "{:+,.4f}"), className="text-end text-nowrap"),
                html.Td(show(t.get("notional"), "${:,.0f}"), className="text-end text-nowrap"),
                html.Td(
                    f"{show(t.get('prev_weight'), '{:.1%}')} → {show(t.get('next_weight'), '{:.1%}')}",
                    className=f"text-end text-nowrap {hidden}",
                ),
            ]
        )
        for t in entry["trades"]
    ]
    headers = (
        ("Ticker", ""),
        ("Side", hidden),
        ("Shares", "text-end"),
        ("Notional", "text-end"),
        ("Weight", f"text-end {hidden}"),
    )
    header = html.Thead(html.Tr([html.Th(h, className=c) for h, c in headers]))
    return [
        heading,
        html.P(
            f"What a rebalance would trade, {label} (Composer rebalances from about 15:45 ET; the trades that happen "
            "show above after the next nightly sync).",
            className="small text-body-secondary mb-1",
        ),
        dbc.Table([header, html.Tbody(rows)], size="sm"),
    ]


UNEXPLAINED_COLUMNS = (  # field, header, shown on a phone
    ("date", "Day", True),
    ("ticker", "Ticker", True),
    ("account_id", "Account", False),
    ("filled_shares", "Account's fills", False),
    ("symphony_shares", "Symphonies' holdings", False),
    ("remainder_shares", "Beyond symphonies", True),
)
SHOWN_UNEXPLAINED = 50


def unexplained_fills_section(frame: pd.DataFrame) -> list:
    """The portfolio's fills beyond what every symphony's holdings changed, newest first."""
    heading = html.H5("Fills no symphony's holdings explain", className="mt-3 mb-1")
    note = (
        "The account's filled shares of a ticker on a day, less every symphony's change in shares of it that day "
        "(from Composer's per-symphony holdings): trades placed outside any symphony, or a fill on another day than "
        "the holdings show it. + bought, − sold."
    )
    if frame.empty:
        return [heading, html.P(note + " None in this period.", className="small text-body-secondary")]
    header = html.Thead(
        html.Tr([html.Th(h, className=cell_classes(shown, f != "ticker")) for f, h, shown in UNEXPLAINED_COLUMNS])
    )
    rows = [
        html.Tr(
            [
                html.Td(f"{row['date']:%Y-%m-%d}" if f == "date" else f"··{row[f][-4:]}" if f == "account_id"
                        else row[f] if f == "ticker" else _cell(row, f, "{:+,.4f}"),
                        className=cell_classes(shown, f not in ("ticker", "account_id")))
                for f, _, shown in UNEXPLAINED_COLUMNS
            ]
        )
        for _, row in frame.head(SHOWN_UNEXPLAINED).iterrows()
    ]  # fmt: skip
    more = f" The newest {SHOWN_UNEXPLAINED} of {len(frame):,} are shown." if len(frame) > SHOWN_UNEXPLAINED else ""
    return [
        heading,
        html.P(note + more, className="small text-body-secondary mb-1"),
        dbc.Table([header, html.Tbody(rows)], size="sm", hover=True, id=ids.PORTFOLIO_UNEXPLAINED),
    ]
