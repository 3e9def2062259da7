"""Alerts: what the nightly job's rules (sql/alerts/) found on the published snapshot: the alerts
active now, every start and resolution, and each rule's definition with the thresholds used."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from webapp import alert_board
from webapp.formatting import clipped, safe_id
from webapp.store import LakeUnavailable, store

dash.register_page(__name__, path="/alerts", name="Alerts", title="Alerts · Algo Trading Analytics", order=4)

SEVERITY_COLOURS = {"critical": "danger", "warning": "warning"}


def layout(**query: str) -> html.Div:
    try:
        board = store().alert_board()
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
            else html.P("No alert is active.", className="text-body-secondary", id="alerts-none"),
            html.H5("History", className="mt-4"),
            _history(board.history[:200])
            if board.history
            else html.P("Nothing has started or resolved yet.", className="text-body-secondary"),
            html.H5("Rules", className="mt-4"),
            html.P(
                "Each rule is a query in sql/alerts/ over the same views as the pages; thresholds are DuckDB variables set "
                "from ALERT_* (the values below are those of the last evaluation).",
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
    return html.P(text, className="small text-body-secondary", id="alerts-evaluated")


def _subject(item: dict):
    name = clipped(str(item.get("name") or ""))
    sid = safe_id(item.get("subject_id"))
    if item.get("subject_kind") == "symphony" and sid:
        return dcc.Link(name, href=f"/strategy/{sid}")
    return name


def _badge(severity: str | None) -> dbc.Badge:
    return dbc.Badge(severity or "", color=SEVERITY_COLOURS.get(severity or "", "secondary"))


def _active(active: list[dict]) -> dbc.Table:
    rows = [
        html.Tr(
            [
                html.Td(_badge(a.get("severity"))),
                html.Td(a.get("rule")),
                html.Td(_subject(a)),
                html.Td((a.get("latest") or a).get("message")),
                html.Td(a.get("started_as_of") or (a.get("started_at") or "")[:10]),
            ]
        )
        for a in active
    ]
    header = html.Thead(html.Tr([html.Th(h) for h in ("Severity", "Rule", "Subject", "Now", "Since (trading day)")]))
    return dbc.Table([header, html.Tbody(rows)], size="sm", hover=True, responsive=True, id="alerts-active")


def _history(history: list[dict]) -> dbc.Table:
    rows = [
        html.Tr(
            [
                html.Td(h.get("as_of") or ""),
                html.Td((h.get("at") or "")[:16].replace("T", " ")),
                html.Td(h.get("event")),
                html.Td(h.get("rule")),
                html.Td(_subject(h)),
                html.Td(h.get("message")),
                html.Td("sent" if h.get("delivered_at") else "not sent"),
            ]
        )
        for h in history
    ]
    header = html.Thead(
        html.Tr([html.Th(t) for t in ("Trading day", "Evaluated (UTC)", "Event", "Rule", "Subject", "Message", "Delivery")])
    )
    return dbc.Table([header, html.Tbody(rows)], size="sm", hover=True, responsive=True, id="alerts-history")


def _rules(rules: list[alert_board.Rule], thresholds: dict[str, str]) -> dbc.Table:
    rows = [
        html.Tr(
            [
                html.Td(html.Code(rule.file)),
                html.Td(rule.definition, className="small"),
                html.Td(
                    ", ".join(f"{v} = {thresholds.get(v, 'default')}" for v in rule.variables if v.startswith("alert_")),
                    className="small",
                ),
            ]
        )
        for rule in rules
    ]
    header = html.Thead(html.Tr([html.Th(t) for t in ("File", "Definition", "Thresholds")]))
    return dbc.Table([header, html.Tbody(rows)], size="sm", responsive=True, id="alerts-rules")
