"""Composer's read endpoints, served from the synthetic account (paths and bodies as the
published spec gives them; the gatekeeper in server.py has already checked the request)."""

from __future__ import annotations

import datetime as dt
import json

from flask import Flask, Response, jsonify, request

from ingest import contract
from sandbox import activity, calendar, payloads, positions, preview
from sandbox.account import BENCHMARK, SyntheticAccount
from sandbox.clock import SandboxClock
from sandbox.reports import report_csv
from sandbox.responses import error, invalid

PREFIX = "/api/v0.1"
DEFAULT_ORDER_LIMIT = 100


def _window(value: str) -> dt.datetime:
    """A report bound the spec already accepted as an RFC 3339 date-time (it has an offset)."""
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def register_api(app: Flask, account: SyntheticAccount, clock: SandboxClock) -> None:
    _account_routes(app, account, clock)
    _symphony_routes(app, account)
    _market_routes(app, clock)
    _holdings_history_route(app, account)
    _dry_run_route(app, account, clock)


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _market_routes(app: Flask, clock: SandboxClock) -> None:
    @app.get(f"{PREFIX}/deploy/market-hours")
    def market_hours():
        """Today (New York) and the next week; a closed day has no open or close (the spec
        requires only is_market_open and nyse_market_date)."""
        days = []
        for session in calendar.week_from(clock.now()):
            day = {"is_market_open": session.open is not None, "nyse_market_date": str(session.market_date)}
            if session.open is not None:
                day |= {"market_open": _iso(session.open), "market_close": _iso(session.close)}
            days.append(day)
        return jsonify({"market_hours": days})


def _account_index(account: SyntheticAccount, account_uuid: str) -> int | Response:
    """The account's index, or Composer's 404 (a bare JSON string) for an unknown one."""
    index = account.account_index(account_uuid)
    if index is None:
        return Response(json.dumps("Account not found"), status=404, mimetype="application/json")
    return index


def _symphony_missing(account: SyntheticAccount, symphony_id: str, account_index: int | None = None) -> Response | None:
    """Composer's 404 for a symphony it does not know (or not in that account), else None."""
    sym = account.by_id.get(symphony_id)
    if sym is None or (account_index is not None and sym.account != account_index):
        return error(404, "Symphony not found", "not-found")
    return None


def _in_account(account: SyntheticAccount, account_uuid: str, serve) -> Response:
    index = _account_index(account, account_uuid)
    return index if isinstance(index, Response) else serve(index)


def _account_routes(app: Flask, account: SyntheticAccount, clock: SandboxClock) -> None:
    @app.get(f"{PREFIX}/accounts/list")
    def accounts_list():
        return jsonify(payloads.accounts_payload(account))

    @app.get(f"{PREFIX}/accounts/<account_uuid>/holdings")
    def holdings(account_uuid: str):
        position_type = request.args.get("position_type", "DEFAULT_DIRECT")
        return _in_account(account, account_uuid, lambda n: jsonify(activity.holdings(account, n, position_type)))

    @app.get(f"{PREFIX}/portfolio/accounts/<account_uuid>/total-stats")
    def total_stats(account_uuid: str):
        return _in_account(account, account_uuid, lambda n: jsonify(payloads.total_stats_payload(account, n, clock.now())))

    @app.get(f"{PREFIX}/portfolio/accounts/<account_uuid>/symphony-stats-meta")
    def symphony_stats_meta(account_uuid: str):
        return _in_account(account, account_uuid, lambda n: jsonify(payloads.stats_meta_payload(account, n, clock.now())))

    @app.get(f"{PREFIX}/portfolio/accounts/<account_uuid>/symphonies/<symphony_id>")
    def live_values(account_uuid: str, symphony_id: str):
        return _in_account(
            account,
            account_uuid,
            lambda n: _symphony_missing(account, symphony_id, n) or jsonify(payloads.live_payload(account, symphony_id)),
        )

    @app.get(f"{PREFIX}/portfolio/accounts/<account_uuid>/portfolio-history")
    def portfolio_history(account_uuid: str):
        return _in_account(account, account_uuid, lambda n: jsonify(payloads.portfolio_history_payload(account, n)))

    @app.get(f"{PREFIX}/reports/<account_uuid>")
    def reports(account_uuid: str):
        since, until = _window(request.args["since"]), _window(request.args["until"])
        report_type = request.args["report-type"]
        return _in_account(
            account, account_uuid, lambda n: Response(report_csv(account, n, report_type, since, until), mimetype="text/csv")
        )

    @app.get(f"{PREFIX}/trading/accounts/<account_uuid>/order-requests")
    def order_requests_page(account_uuid: str):
        limit = int(request.args.get("limit", DEFAULT_ORDER_LIMIT))
        wanted = {s.strip().upper() for s in request.args.get("status", "").split(",") if s.strip()}

        def serve(n: int) -> Response:
            orders = [o for o in activity.direct_orders(account, n) if not wanted or o["status"] in wanted]
            return jsonify({"order_requests": orders[: max(limit, 0)]})

        return _in_account(account, account_uuid, serve)


def _symphony_routes(app: Flask, account: SyntheticAccount) -> None:
    @app.get(f"{PREFIX}/symphonies/<symphony_id>/versions")
    def versions(symphony_id: str):
        return _symphony_missing(account, symphony_id) or jsonify(payloads.versions_payload(account, symphony_id))

    @app.post(f"{PREFIX}/symphonies/<symphony_id>/backtest")
    def backtest(symphony_id: str):
        missing = _symphony_missing(account, symphony_id)
        if missing:
            return missing
        body = request.get_json(silent=True)
        try:
            start = dt.date.fromisoformat(body["start_date"]) if body.get("start_date") else None
            end = dt.date.fromisoformat(body["end_date"]) if body.get("end_date") else None
        except (TypeError, ValueError):
            return invalid("POST", request.path, [contract.Problem("start_date", "must be YYYY-MM-DD")])
        benchmarks = body.get("benchmark_tickers") or [BENCHMARK]
        return jsonify(payloads.backtest_payload(account, symphony_id, start, end, list(benchmarks)))


def _holdings_history_route(app: Flask, account: SyntheticAccount) -> None:
    @app.get(f"{PREFIX}/portfolio/accounts/<account_uuid>/symphony-historical-holdings")
    def symphony_historical_holdings(account_uuid: str):
        """The window from start_date to end_date, or to start + 30 days without one (Composer's
        default, not today); an end before the start is refused."""
        start = dt.date.fromisoformat(request.args["start_date"])
        end = dt.date.fromisoformat(request.args["end_date"]) if "end_date" in request.args else start + dt.timedelta(days=30)
        if end < start:
            return invalid("GET", request.path, [contract.Problem("query parameter end_date", "is before start_date")])
        aggregate = request.args["include_aggregate_account_holdings"] == "true"
        return _in_account(
            account, account_uuid, lambda n: jsonify(positions.historical_holdings(account, n, start, end, aggregate))
        )


def _dry_run_route(app: Flask, account: SyntheticAccount, clock: SandboxClock) -> None:
    @app.post(f"{PREFIX}/dry-run")
    def dry_run():
        """Outside a session: 400 `dry-run-markets-closed`, as Composer answers it."""
        now = clock.now()
        if not preview.market_open(now):
            return error(400, "Markets are closed: a dry run needs an open market", "dry-run-markets-closed")
        wanted = request.get_json(silent=True).get("account_uuids")
        unknown = [a for a in wanted or [] if account.account_index(a) is None]
        if unknown:
            return Response(json.dumps("Account not found"), status=404, mimetype="application/json")
        return jsonify(preview.dry_run(account, wanted, now))
