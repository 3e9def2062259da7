"""`python -m ingest doctor`: is Composer still answering what its published spec says?

Calls each read endpoint the sync uses once, with the smallest request that exercises it (one
account, one symphony, a 30-day report window, one order request), validates each JSON answer
against the spec's response schema and each report's CSV header against the columns the sync
reads, and returns one line per endpoint, each difference with whether it costs the snapshot data
(a field the sync reads, ingest/drift.py READ_FIELDS) or not. It never writes to the lake.
Differences Composer is known to have from its own spec (contract.KNOWN_DEVIATIONS) are reported
as known, not as a change.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass

from ingest import contract, drift
from ingest.client import API_PREFIX, ComposerClient
from ingest.errors import ComposerAuthError, ComposerError, ComposerNotFound, ComposerRequestError
from ingest.normalize.preview import MARKETS_CLOSED

REPORT_DAYS = 30
BACKTEST_DAYS = 30


@dataclass(frozen=True)
class Check:
    """One endpoint's verdict: ok, differs (from the spec or the known CSV columns) or failed."""

    endpoint: str
    status: str  # ok / differs / failed / absent (not available for this key: the sync does without)
    detail: str = ""

    def line(self) -> str:
        return f"{self.status.upper():8} {self.endpoint}" + (f": {self.detail}" if self.detail else "")


def _costs(operation: tuple[str, str] | None, problem: contract.Problem) -> str:
    """Whether a difference costs the snapshot data: a field the sync reads that is missing or not
    as the spec says, or one it does not read (nothing lost)."""
    found = re.match(r"'([^']+)' is a required property", problem.message)
    field_path = f"{problem.where}.{found[1]}" if found and problem.where else found[1] if found else problem.where
    what = drift.cost(operation, field_path) if operation else None
    if what is None:
        return "not read by the sync: nothing lost"
    if found:
        return f"costs data: {what}, which a sync then lacks or keeps from the previous snapshot"
    if " is not one of " in problem.message:
        return f"read by the sync for {what}: a value the spec does not list is kept as Composer names it, nothing lost"
    return f"may cost data: the sync reads it for {what}, and sets that aside when it cannot read the value"


def _verdict(endpoint: str, problems: list[contract.Problem], operation: tuple[str, str] | None = None) -> Check:
    new = [p for p in problems if not p.known]
    if new:
        shown = "; ".join(f"{p} ({_costs(operation, p)})" for p in new[:8])
        return Check(endpoint, "differs", shown + (f" (+{len(new) - 8} more)" if len(new) > 8 else ""))
    known = sorted({p.known for p in problems if p.known})
    return Check(endpoint, "ok", f"known differences from the spec: {'; '.join(known)}" if known else "")


class Doctor:
    """Runs the checks through the same client (auth, rate limits, retries) the sync uses."""

    def __init__(self, client: ComposerClient, today: dt.date | None = None):
        self.client = client
        self.today = today or dt.date.today()
        self.checks: list[Check] = []

    def _call(
        self, endpoint: str, method: str, path: str, query: dict | None = None, body: dict | None = None, absent: str = ""
    ) -> str | None:
        """The raw body of one call, its JSON checked against the spec; None when the call failed.
        `absent`: what a 404 means for an endpoint some keys cannot read (else it is a failure)."""
        try:
            text = self.client.request(method, path, params=query, json=body, raw=True)
        except ComposerAuthError:
            raise
        except ComposerNotFound as exc:
            self.checks.append(Check(endpoint, "absent", absent) if absent else Check(endpoint, "failed", str(exc)))
            return None
        except ComposerRequestError as exc:
            closed = exc.code == MARKETS_CLOSED
            self.checks.append(
                Check(endpoint, "ok", "the markets are closed now: Composer's answer then, shape not checked")
                if closed
                else Check(endpoint, "failed", str(exc))
            )
            return None
        except ComposerError as exc:
            self.checks.append(Check(endpoint, "failed", str(exc)))
            return None
        problems = contract.response_problems(
            method, API_PREFIX + path, 200, text.encode(), query={k: str(v) for k, v in (query or {}).items()}
        )
        matched = contract.match_path(API_PREFIX + path)
        self.checks.append(_verdict(endpoint, problems, (method.lower(), matched[0]) if matched else None))
        return text

    @staticmethod
    def _json(text: str | None) -> object:
        try:
            return json.loads(text) if text is not None else None
        except ValueError:
            return None

    def _report(self, account_id: str, report_type: str) -> None:
        endpoint = f"GET /reports ({report_type})"
        try:
            text = self.client.report(account_id, report_type, self.today - dt.timedelta(days=REPORT_DAYS - 1), self.today)
        except ComposerAuthError:
            raise
        except ComposerError as exc:
            self.checks.append(Check(endpoint, "failed", str(exc)))
            return
        header = next(csv.reader(io.StringIO(text)), None)
        if not header:
            self.checks.append(Check(endpoint, "ok", f"empty report for the last {REPORT_DAYS} days: columns not checked"))
            return
        missing = contract.missing_report_columns(report_type, header)
        if missing:
            self.checks.append(
                Check(endpoint, "differs", f"missing column {', '.join(repr(m) for m in missing)} (header: {', '.join(header)})")
            )
        else:
            self.checks.append(Check(endpoint, "ok"))

    def _newer(self, account: str) -> None:
        """The per-symphony holdings history (a week of it) and the dry run the live job asks."""
        week = {"start_date": str(self.today - dt.timedelta(days=7)), "end_date": str(self.today)}
        self._call(
            "GET /portfolio/accounts/{id}/symphony-historical-holdings",
            "GET",
            f"/portfolio/accounts/{account}/symphony-historical-holdings",
            week | {"include_aggregate_account_holdings": "false"},
            absent="not available for this key (404): the sync records the nightly holdings instead, one day a run",
        )
        self._call("POST /dry-run", "POST", "/dry-run", body={"account_uuids": [account], "send_segment_event": False})

    def run(self) -> list[Check]:
        accounts = self._json(self._call("GET /accounts/list", "GET", "/accounts/list"))
        listed = accounts.get("accounts") if isinstance(accounts, dict) else None
        if not listed or not isinstance(listed[0], dict) or not listed[0].get("account_uuid"):
            self.checks.append(Check("every account endpoint", "failed", "accounts/list gave no account to check"))
            return self.checks
        account = listed[0]["account_uuid"]
        self._call("GET /deploy/market-hours", "GET", "/deploy/market-hours")
        self._call("GET /accounts/{id}/holdings", "GET", f"/accounts/{account}/holdings", {"position_type": "ALL"})
        self._call("GET /portfolio/accounts/{id}/total-stats", "GET", f"/portfolio/accounts/{account}/total-stats")
        self._call("GET /portfolio/accounts/{id}/portfolio-history", "GET", f"/portfolio/accounts/{account}/portfolio-history")
        meta = self._json(
            self._call(
                "GET /portfolio/accounts/{id}/symphony-stats-meta", "GET", f"/portfolio/accounts/{account}/symphony-stats-meta"
            )
        )
        self._call(
            "GET /trading/accounts/{id}/order-requests", "GET", f"/trading/accounts/{account}/order-requests", {"limit": 1}
        )
        self._report(account, "trade-activity")
        self._report(account, "non-trade-activity")
        self._newer(account)
        symphonies = meta.get("symphonies") if isinstance(meta, dict) else None
        if not symphonies or not isinstance(symphonies[0], dict) or not symphonies[0].get("id"):
            self.checks.append(Check("symphony endpoints", "ok", "the account has no symphony: not checked"))
            return self.checks
        sid = symphonies[0]["id"]
        self._call("GET /portfolio/accounts/{id}/symphonies/{symphony}", "GET", f"/portfolio/accounts/{account}/symphonies/{sid}")
        self._call("GET /symphonies/{symphony}/versions", "GET", f"/symphonies/{sid}/versions")
        body = {
            **self.client.backtest_body(["SPY"]),
            "start_date": str(self.today - dt.timedelta(days=BACKTEST_DAYS)),
            "end_date": str(self.today),
        }
        self._call("POST /symphonies/{symphony}/backtest", "POST", f"/symphonies/{sid}/backtest", body=body)
        return self.checks
