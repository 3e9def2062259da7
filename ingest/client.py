"""Composer REST client: auth headers, per-class rate limits, retries that honour Retry-After.

One `ComposerClient` holds the defaults; tests run it over HTTP against the sandbox. Retries (tenacity)
cover 429, 5xx, timeouts and dropped connections, with exponential backoff and jitter unless
the server says how long to wait. 401/403 and other 4xx fail at once. The secret is only ever
placed in the Authorization header, never in a message.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

import httpx
import tenacity

from ingest.contract import new_york_day_bounds
from ingest.errors import (
    ComposerAuthError,
    ComposerDataError,
    ComposerNotFound,
    ComposerRequestError,
    ComposerUnavailable,
)
from ingest.http_answers import DeadlineExceeded, RequestStats, error_code, error_summary, parse_retry_after
from ingest.ratelimit import RateLimiter, Unlimited

log = logging.getLogger("ingest.client")
API_PREFIX = "/api/v0.1"


class ComposerClient:
    """Calls Composer's read endpoints; safe to share between threads."""

    def __init__(
        self,
        base_url: str,
        api_key_id: str,
        api_secret: str,
        *,
        rate_limits: dict[str, float] | None = None,
        rate_window_s: float = 60.0,
        timeout_s: float = 30.0,
        backtest_timeout_s: float = 120.0,
        max_attempts: int = 6,
        max_backoff_s: float = 30.0,
        stats: RequestStats | None = None,
    ):
        self.stats = stats or RequestStats()
        self.timeout_s = timeout_s
        self.backtest_timeout_s = backtest_timeout_s
        self.max_attempts = max_attempts
        self.max_backoff_s = max_backoff_s
        self.limiters = {
            name: RateLimiter(limit, rate_window_s, name=name) if limit > 0 else Unlimited()
            for name, limit in (rate_limits or {}).items()
        }
        self._http = httpx.Client(
            base_url=base_url.rstrip("/") + API_PREFIX,
            headers={
                "x-api-key-id": api_key_id,
                "Authorization": f"Bearer {api_secret}",
                "x-origin": "public-api",
                "Accept": "application/json",
            },
            timeout=httpx.Timeout(timeout_s, connect=10.0),
            limits=httpx.Limits(max_connections=32, max_keepalive_connections=32),
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ComposerClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # endpoints -----------------------------------------------------------------------------

    def accounts(self) -> list[dict]:
        body = self.get("/accounts/list")
        if not isinstance(body, dict) or not isinstance(body.get("accounts"), list):
            raise ComposerDataError("accounts/list did not return {'accounts': [...]}")
        return body["accounts"]

    def symphony_stats_meta(self, account_id: str) -> list[dict]:
        body = self.get(f"/portfolio/accounts/{account_id}/symphony-stats-meta")
        if not isinstance(body, dict) or not isinstance(body.get("symphonies"), list):
            raise ComposerDataError("symphony-stats-meta did not return {'symphonies': [...]}")
        return body["symphonies"]

    def total_stats(self, account_id: str) -> dict:
        return self.get(f"/portfolio/accounts/{account_id}/total-stats")

    def portfolio_history(self, account_id: str) -> dict:
        return self.get(f"/portfolio/accounts/{account_id}/portfolio-history")

    def account_holdings(self, account_id: str) -> list[dict]:
        """Direct and symphony positions together (without position_type only direct ones come)."""
        body = self.get(f"/accounts/{account_id}/holdings", params={"position_type": "ALL"})
        if not isinstance(body, list):
            raise ComposerDataError(f"holdings of account {account_id} is not a list")
        return body

    def live_values(self, account_id: str, symphony_id: str) -> dict:
        return self.get(f"/portfolio/accounts/{account_id}/symphonies/{symphony_id}", endpoint_class="values")

    @staticmethod
    def backtest_body(benchmarks: list[str], capital: float = 10_000.0) -> dict:
        """The backtest request: only fields the spec defines (it allows no others)."""
        return {
            "capital": capital,
            "broker": "alpaca",
            "slippage_percent": 0.0005,
            "spread_markup": 0.0,
            "apply_reg_fee": True,
            "apply_taf_fee": True,
            "benchmark_tickers": benchmarks,
        }

    def backtest(self, symphony_id: str, benchmarks: list[str], capital: float = 10_000.0) -> dict:
        body = self.backtest_body(benchmarks, capital)
        return self.request(
            "POST", f"/symphonies/{symphony_id}/backtest", endpoint_class="backtest", json=body, timeout=self.backtest_timeout_s
        )

    def versions(self, symphony_id: str) -> list[dict]:
        body = self.get(f"/symphonies/{symphony_id}/versions")
        if not isinstance(body, list):
            raise ComposerDataError(f"versions of {symphony_id} is not a list")
        return body

    def order_requests(self, account_id: str, limit: int = 1000) -> tuple[list[dict], bool]:
        """The newest `limit` direct order requests, and whether the limit was reached (then
        older ones exist that were not returned). The endpoint has `limit` and `status` only: no
        offset to page with."""
        body = self.get(f"/trading/accounts/{account_id}/order-requests", params={"limit": limit})
        orders = body.get("order_requests") if isinstance(body, dict) else None
        if not isinstance(orders, list):
            raise ComposerDataError(f"order-requests of account {account_id} did not return {{'order_requests': [...]}}")
        return orders, len(orders) >= limit

    def symphony_historical_holdings(self, account_id: str, first: dt.date, last: dt.date) -> dict:
        """Each symphony's holdings for the days first..last. `end_date` is always sent: without
        it Composer answers first + 30 days, not through today. 404: not available for this key."""
        params = {"start_date": str(first), "end_date": str(last), "include_aggregate_account_holdings": "false"}
        return self.get(f"/portfolio/accounts/{account_id}/symphony-historical-holdings", params=params)

    def dry_run(self, account_ids: list[str]) -> list[dict]:
        """What a rebalance now would trade, per account and symphony. Outside market hours Composer
        answers 400 `dry-run-markets-closed` (a ComposerRequestError with that `code`)."""
        body = self.request("POST", "/dry-run", json={"account_uuids": account_ids, "send_segment_event": False})
        if not isinstance(body, list):
            raise ComposerDataError("dry-run did not return a list of accounts")
        return body

    def report(self, account_id: str, report_type: str, first: dt.date, last: dt.date) -> str:
        """The trade-activity or non-trade-activity report, as CSV text, for the New York days
        first..last (both whole)."""
        since, until = new_york_day_bounds(first, last)
        params = {"since": since, "until": until, "report-type": report_type}
        return self.request("GET", f"/reports/{account_id}", params=params, headers={"Accept": "text/csv"}, raw=True)

    # transport -----------------------------------------------------------------------------

    def get(self, path: str, endpoint_class: str = "standard", **kwargs) -> object:
        return self.request("GET", path, endpoint_class=endpoint_class, **kwargs)

    def request(self, method: str, path: str, endpoint_class: str = "standard", raw: bool = False, **kwargs) -> object:
        """JSON-decoded body (or the text with raw=True), retried as the module docstring says."""
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(ComposerUnavailable),
            wait=self._wait,
            stop=tenacity.stop_after_attempt(self.max_attempts),
            before_sleep=self._before_sleep,
            reraise=True,
        )
        return retrying(self._send_once, method, path, endpoint_class, raw, kwargs)

    def _wait(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, ComposerUnavailable) and exc.retry_after is not None:
            return min(exc.retry_after, 120.0)
        return tenacity.wait_exponential_jitter(initial=0.5, max=self.max_backoff_s)(state)

    def _before_sleep(self, state: tenacity.RetryCallState) -> None:
        self.stats.add(retries=1)
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        log.warning("retrying in %.1fs (attempt %d/%d): %s", wait, state.attempt_number, self.max_attempts, exc)

    def _send_once(self, method: str, path: str, endpoint_class: str, raw: bool, kwargs: dict) -> object:
        waited = self.limiters.get(endpoint_class, Unlimited()).acquire()
        self.stats.add(requests=1, limiter_wait_s=waited)
        where = f"{method} {API_PREFIX}{path}"
        limit = float(kwargs.get("timeout") or self.timeout_s)
        try:
            response = self._fetch_within(method, path, kwargs, time.monotonic() + limit)
        except httpx.TimeoutException:
            raise ComposerUnavailable(f"{where} timed out") from None
        except DeadlineExceeded:
            raise ComposerUnavailable(f"{where} did not finish within {limit:.0f} s (the body kept trickling in)") from None
        except httpx.TransportError as exc:
            raise ComposerUnavailable(f"{where} failed to connect ({type(exc).__name__})") from None
        return self._parse(where, response, raw)

    def _fetch_within(self, method: str, path: str, kwargs: dict, deadline: float) -> httpx.Response:
        """The whole response by `deadline`: httpx's timeouts bound each read, so a server that
        sends a byte every few seconds would otherwise hold a request for as long as it likes."""
        with self._http.stream(method, path, **kwargs) as streamed:
            chunks = []
            for chunk in streamed.iter_bytes():
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise DeadlineExceeded
            headers = [
                (k, v) for k, v in streamed.headers.multi_items() if k.lower() not in ("content-encoding", "content-length")
            ]
            return httpx.Response(streamed.status_code, headers=headers, content=b"".join(chunks), request=streamed.request)

    def _parse(self, where: str, response: httpx.Response, raw: bool) -> object:
        status = response.status_code
        if status in (401, 403):
            raise ComposerAuthError(
                f"Composer refused the credentials ({status} on {where}): check COMPOSER_API_KEY and COMPOSER_SECRET_KEY"
            )
        if status == 429:
            self.stats.add(rate_limited=1)
            raise ComposerUnavailable(f"{where} was rate limited (429)", parse_retry_after(response.headers.get("Retry-After")))
        if status >= 500:
            raise ComposerUnavailable(
                f"{where} failed with {status}: {error_summary(response)}",
                parse_retry_after(response.headers.get("Retry-After")),
            )
        if status == 404:
            raise ComposerNotFound(f"{where} not found: {error_summary(response)}")
        if status >= 400:
            raise ComposerRequestError(f"{where} was refused with {status}: {error_summary(response)}", error_code(response))
        if raw:
            return response.text
        try:
            return response.json()
        except ValueError:
            raise ComposerDataError(f"{where} returned a body that is not valid JSON ({len(response.content)} bytes)") from None
