"""Alerts: what the nightly job's rules (sql/alerts/) found on the published snapshot: the alerts
active now, every start and resolution with whether its message went out, and each rule's
definition with the thresholds used. The report period and account change nothing here (alerts
are about the latest data of every account), so the page hides their control."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from webapp import alert_board, ids
from webapp.formatting import clipped, safe_id
from webapp.pages import PageCallbacks
from webapp.store import Lake, LakeUnavailable

PAGE = {"path": "/alerts", "name": "Alerts", "title": "Alerts · Algo Trading Analytics", "order": 4, "report_period": False}
callbacks = PageCallbacks()  # none: the page is its layout

SEVERITY_COLOURS = {"critical": "danger", "warning": "warning"}


def layout(lake: Lake, **query: str) -> html.Div:
    try:
        board = lake.alert_board()
    except LakeUnavailable as exc:
        return dbc.Alert(str(exc), color="warning")
    return html.Div(
        [
            html.H4("Alerts", className="mb-1"),
            _evaluated(board),
            dbc.Alert(board.error, color="danger") if board.error else None,
            html.H5(f"Active now ({len(board.active)})", className="mt-3"),
            _active(board.active)
            if board.active
            else html.P("No alert is active.", className="text-body-secondary", id=ids.ALERTS_NONE),
            html.H5("History", className="mt-4"),
            _history(board.history[:200])
            if board.history
            else html.P("Nothing has started or resolved yet.", className="text-body-secondary"),
            html.H5("Rules", className="mt-4"),
            html.P(
                "Each rule is a query in sql/alerts/ over the same views as the pages; thresholds are DuckDB variables set "
                "from ALERT_* (the values shown are those of the last evaluation).",
                className="small text-body-secondary",
            ),
            _rules(alert_board.rules(), board.thresholds),
        ]
    )


def _evaluated(board: alert_board.Board) -> html.P:
    if not board.evaluated_at:
        text = "No alerts have been evaluated yet: the nightly job (python -m ingest run) evaluates them after each sync."
    else:
        text = f"Last evaluated {board.evaluated_at.replace('T', ' ')[:16]} UTC on snapshot {board.snapshot_run_id}."
    return html.P(text, className="small text-body-secondary", id=ids.ALERTS_EVALUATED)


def _subject(item: dict):
    name = clipped(str(item.get("name") or ""))
    sid = safe_id(item.get("subject_id"))
    if item.get("subject_kind") == "symphony" and sid:
        return dcc.Link(name, href=f"/strategy/{sid}")
    return name


def _badge(severity: str | None) -> dbc.Badge:
    return dbc.Badge(severity or "", color=SEVERITY_COLOURS.get(severity or "", "secondary"))


def delivery(event: dict) -> str:
    """Whether an event's message went out: sent (when), owed to a channel, or nobody to send to."""
    if event.get("delivered_at"):
        return f"sent {event['delivered_at'][:16].replace('T', ' ')} UTC"
    if event.get("channels") == 0:
        return "no channel configured (ALERT_URLS)"
    return "not sent yet (the next run tries again)" if event.get("channels") else "not sent"


def _cell(label: str, content, nowrap: bool = False) -> html.Td:
    """A cell that, on a phone, shows its column's name before it (theme.css, table-stack)."""
    return html.Td(content, className="text-nowrap" if nowrap else None, **{"data-label": label})


def _table(headers: tuple[str, ...], rows: list[list], table_id: str, nowrap: set[str]) -> dbc.Table:
    """A table whose rows stack as cards on a phone, each value after its column's name."""
    body = [html.Tr([_cell(h, c, h in nowrap) for h, c in zip(headers, row)]) for row in rows]
    head = html.Thead(html.Tr([html.Th(h, className="text-nowrap") for h in headers]))
    return dbc.Table([head, html.Tbody(body)], size="sm", hover=True, className="table-stack", id=table_id)


def _active(active: list[dict]) -> dbc.Table:
    headers = ("Severity", "Rule", "Subject", "Now", "Since")
    rows = [
        [_badge(a.get("severity")), a.get("rule"), _subject(a), (a.get("latest") or a).get("message"), _since(a)] for a in active
    ]
    return html.Div(
        [
            _table(headers, rows, "alerts-active", {"Rule", "Since"}),
            html.P(
                "Since: the trading day the rule's condition began in the data (not the day the alerts first ran).",
                className="small text-body-secondary",
            ),
        ]
    )


def _since(alert: dict) -> str:
    return alert.get("started_as_of") or (alert.get("started_at") or "")[:10]


def _history(history: list[dict]) -> dbc.Table:
    headers = ("Event", "Rule", "Subject", "Message", "Since", "Data as of", "Evaluated (UTC)", "Delivery")
    rows = [
        [
            h.get("event"),
            h.get("rule"),
            _subject(h),
            h.get("message"),
            h.get("since") or "",
            h.get("as_of") or "",
            (h.get("at") or "")[:16].replace("T", " "),
            delivery(h),
        ]
        for h in history
    ]
    return _table(headers, rows, "alerts-history", {"Rule", "Since", "Data as of", "Evaluated (UTC)"})


def _definition(rule: alert_board.Rule) -> list:
    """The header comment as paragraphs and a list of terms (in_alarm, value, threshold, since)."""
    out, terms = [], []
    for term, text in rule.definition:
        if term:
            terms += [html.Dt(term, className="col-sm-3 fw-normal font-monospace"), html.Dd(text, className="col-sm-9 mb-1")]
            continue
        if terms:
            out.append(html.Dl(terms, className="row mb-1"))
            terms = []
        out.append(html.P(text, className="mb-1"))
    if terms:
        out.append(html.Dl(terms, className="row mb-1"))
    return out


def _rules(rules: list[alert_board.Rule], thresholds: dict[str, str]) -> html.Div:
    cards = [
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(html.Code(rule.file), className="mb-1"),
                    html.Div(_definition(rule), className="small"),
                    html.Div(
                        "Thresholds: "
                        + (
                            ", ".join(f"{v} = {thresholds.get(v, 'default')}" for v in rule.variables if v.startswith("alert_"))
                            or "none"
                        ),
                        className="small text-body-secondary",
                    ),
                ]
            ),
            className="mb-2",
            id=ids.alert_rule(rule.file),
        )
        for rule in rules
    ]
    return html.Div(cards, id=ids.ALERTS_RULES)
