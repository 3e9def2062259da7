"""The Dash shell: navbar, snapshot badge and page container. `gunicorn webapp.app:server`."""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging
import pathlib

import dash
import dash_bootstrap_components as dbc
import duckdb
from dash import Input, Output, State, dcc, html
from flask import jsonify, send_from_directory

from webapp import ids, notices, pages, range_bar, security
from webapp.config import WebConfig
from webapp.pages import alerts, compare, overview, portfolio, strategy
from webapp.range_bar import nav_pages
from webapp.store import LakeData, LakeUnavailable, readers
from webapp.store.cache import cached

log = logging.getLogger("webapp.app")
# Bootstrap-Flask ships Bootstrap 5's CSS; its package is found, not imported (importing it loads
# WTForms, which the dashboard does not use)
BOOTSTRAP_CSS_DIR = pathlib.Path(importlib.util.find_spec("flask_bootstrap").origin).parent / "static" / "bootstrap5" / "css"


def _navbar() -> dbc.Navbar:
    links = [dbc.NavLink(page["name"], href=page["relative_path"], id=ids.nav_link(page["module"])) for page in nav_pages()]
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand("Algo Trading Analytics", href="/"),
                dbc.NavbarToggler(id=ids.NAVBAR_TOGGLER, n_clicks=0),
                dbc.Collapse(
                    [
                        dbc.Nav(links, navbar=True, className="me-auto"),
                        html.Span(id=ids.SNAPSHOT_BADGE, className="small text-body-secondary me-3"),
                        dbc.Switch(
                            id=ids.THEME_DARK,
                            label="Dark",
                            value=False,
                            persistence=True,
                            persistence_type="local",
                            className="mb-0",
                        ),
                    ],
                    id=ids.NAVBAR_COLLAPSE,
                    is_open=False,
                    navbar=True,
                ),
            ],
            fluid=True,
        ),
        expand="lg",
        className="border-bottom mb-3",
    )


def _log_through_gunicorn() -> None:
    """Under gunicorn, the app's own log lines (webapp.*: a snapshot or view files loaded, a view
    file that fails, a callback's traceback) go to gunicorn's error log from INFO up, in its format.
    (Gunicorn configures only its own loggers; without this INFO lines are dropped.)"""
    gunicorn, app_log = logging.getLogger("gunicorn.error"), logging.getLogger("webapp")
    if gunicorn.handlers and not app_log.handlers:
        for handler in gunicorn.handlers:
            app_log.addHandler(handler)
        app_log.setLevel(logging.INFO)


PAGES = (overview, strategy, compare, portfolio, alerts)


def create_app(config: WebConfig | None = None, lake: LakeData | None = None) -> dash.Dash:
    """The app over `lake` (built from `config`, or the environment, when not given): every page,
    callback and route gets this one lake."""
    _log_through_gunicorn()
    config = lake.config if lake is not None else (config or WebConfig.from_env())
    lake = lake or LakeData(config)
    security.check_deployment(config)
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",  # the pages are registered below, each given the lake
        external_stylesheets=["/vendor/bootstrap.min.css"],
        title="Algo Trading Analytics",
        update_title=None,
        suppress_callback_exceptions=True,
        # a newly published snapshot renders the page again, with no reload (see show_snapshot)
        routing_callback_inputs={"snapshot": Input(ids.SNAPSHOT_RUN, "data")},
    )
    for page in PAGES:
        pages.register(app, lake, page)
    app.layout = _shell(lake, _navbar(), config.snapshot_check_seconds)
    security.install(app.server, config, app.csp_hashes, lambda: app.callback_map)
    _add_routes(app.server, lake)
    range_bar.register(app, lake)
    _add_shell_callbacks(app, lake)
    app.server.extensions["lake"] = lake
    return app


def _shell(lake: LakeData, navbar: dbc.Navbar, check_seconds: float):
    def shell() -> html.Div:
        """Built per page load, so the snapshot being served is known before any callback runs."""
        return html.Div(
            [
                navbar,
                # the browser asks as often as the server looks at latest.json
                dcc.Interval(id=ids.SNAPSHOT_POLL, interval=int(max(1.0, check_seconds) * 1000)),
                # the snapshot and view files served (LoadedSnapshot.version): a change renders the page again
                dcc.Store(id=ids.SNAPSHOT_RUN, data=lake.served_version()),
                dcc.Store(id=ids.THEME_STORE),
                dbc.Container([html.Div(id=ids.SNAPSHOT_NOTICE), range_bar.control(), dash.page_container], fluid=True),
            ]
        )

    return shell


def _add_routes(server, lake: LakeData) -> None:
    @server.get("/vendor/bootstrap.min.css")
    def bootstrap_css():
        return send_from_directory(BOOTSTRAP_CSS_DIR, "bootstrap.min.css", max_age=86_400)

    @server.get("/healthz")
    def health():
        """200 "ok", 200 "degraded" (serving an older snapshot than the newest, and why), or 503
        "unavailable"; answers within a couple of seconds whatever S3 does."""
        try:
            snapshot, notice = lake.check()
        except LakeUnavailable as exc:
            return jsonify({"status": "unavailable", "reason": str(exc)}), 503
        age = (dt.datetime.now(dt.UTC) - snapshot.created_at).total_seconds() if snapshot.created_at else None
        body = {"status": "degraded" if notice else "ok", "run_id": snapshot.run_id, "snapshot_age_seconds": age}
        return jsonify(body | ({"reason": notice} if notice else {}))


def _add_shell_callbacks(app: dash.Dash, lake: LakeData) -> None:
    # on a phone the navbar folds behind its toggler
    app.clientside_callback(
        "function(clicks, open) { return clicks ? !open : open; }",
        Output(ids.NAVBAR_COLLAPSE, "is_open"),
        Input(ids.NAVBAR_TOGGLER, "n_clicks"),
        State(ids.NAVBAR_COLLAPSE, "is_open"),
    )
    # the switch remembers itself in the browser (Dash persistence, localStorage); this applies
    # its value to Bootstrap without a server round trip
    app.clientside_callback(
        """function(dark) {
            document.documentElement.setAttribute('data-bs-theme', dark ? 'dark' : 'light');
            return dark;
        }""",
        Output(ids.THEME_STORE, "data"),
        Input(ids.THEME_DARK, "value"),
    )
    app.callback(Output(ids.NAV_ALERTS, "children"), Input(ids.SNAPSHOT_POLL, "n_intervals"))(pages.with_lake(count_alerts, lake))
    app.callback(
        Output(ids.SNAPSHOT_BADGE, "children"),
        Output(ids.SNAPSHOT_RUN, "data"),
        Output(ids.SNAPSHOT_NOTICE, "children"),
        Input(ids.SNAPSHOT_POLL, "n_intervals"),
        State(ids.SNAPSHOT_RUN, "data"),
    )(pages.with_lake(show_snapshot, lake))


def count_alerts(lake: LakeData, _: int | None):
    """'Alerts' in the navbar, with the number active when there are any."""
    try:
        active = len(lake.alert_board().active)
    except LakeUnavailable:
        return "Alerts"
    if not active:
        return "Alerts"
    return ["Alerts ", dbc.Badge(str(active), color="danger", pill=True, id=ids.NAV_ALERTS_COUNT, title=f"{active} active")]


def show_snapshot(lake: LakeData, _: int | None, shown: str | None):
    """The badge, the notice when the snapshot served is not the newest, and `snapshot-run`
    only when a new snapshot or edited view files are served (pages re-render then)."""
    try:
        snapshot = lake.snapshot()
    except LakeUnavailable as exc:
        badge = "no snapshot published yet" if "No snapshot has been published" in str(exc) else "no snapshot loaded"
        return badge, dash.no_update, dbc.Alert(str(exc), color="danger", className="py-2 small", id=ids.SNAPSHOT_ERROR)
    when = f"{snapshot.created_at:%Y-%m-%d %H:%M} UTC" if snapshot.created_at else "unknown time"
    version = lake.version()
    changed = version if version != shown else dash.no_update
    notice = lake.notice
    banner = dbc.Alert(notice, color="warning", className="py-2 small", id=ids.SNAPSHOT_DEGRADED) if notice else None
    try:
        quarantined = _quarantine_notice(lake)
    except duckdb.Error:
        log.exception("the quarantined view failed")
        quarantined = None
    return f"Data as of {when} · snapshot {snapshot.run_id}", changed, [banner, quarantined]


@cached
def _quarantine_notice(lake: LakeData):
    """Built once per snapshot: the badge's callback runs on every page's poll."""
    return notices.quarantine_notice(readers.quarantined(lake))


lake = LakeData(WebConfig.from_env())  # the process's one lake: gunicorn.conf.py warms and closes it
app = create_app(lake=lake)
server = app.server
