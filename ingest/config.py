"""Every setting of the sync job, read from the environment in one place."""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

from ingest.errors import ConfigError
from sql.duck import MetricParameters, S3Settings

DEFAULT_BASE_URL = "https://api.composer.trade"
DEFAULT_DATA_URL = "./data/lake"
# requests per minute per endpoint class; Composer documents 25/min standard, 500/min live values
DEFAULT_RATE_LIMITS = {"standard": 25.0, "values": 500.0, "backtest": 500.0}


NOT_RULE_THRESHOLDS = {"ALERT_URLS"}


def alert_variables(env: Mapping[str, str]) -> dict[str, float | str]:
    """Every ALERT_<NAME> setting (ALERT_URLS aside) as the rules' DuckDB variable alert_<name>:
    a number when it reads as one. A rule file of one's own reads ALERT_<ITS_NAME> the same way."""
    out: dict[str, float | str] = {}
    for name, value in env.items():
        if name.startswith("ALERT_") and name not in NOT_RULE_THRESHOLDS and value.strip():
            try:
                out[name.lower()] = float(value)
            except ValueError:
                out[name.lower()] = value.strip()
    return out


@dataclass(frozen=True)
class IngestConfig:
    api_base_url: str = DEFAULT_BASE_URL
    api_key_id: str | None = None
    api_secret: str | None = field(default=None, repr=False)
    account_ids: tuple[str, ...] = ()
    data_url: str = DEFAULT_DATA_URL
    s3: S3Settings = field(default_factory=S3Settings)
    metrics: MetricParameters = field(default_factory=MetricParameters)
    benchmark_ticker: str = "SPY"
    rate_limits: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_RATE_LIMITS))
    max_concurrency: int = 8
    timeout_s: float = 30.0
    backtest_timeout_s: float = 120.0
    max_attempts: int = 6
    backtest_max_age_days: float = 7.0
    keep_snapshots: int = 30
    report_window_days: int = 365
    order_requests_limit: int = 1000
    full_refresh: bool = False
    alerts_enabled: bool = True
    alert_urls: tuple[str, ...] = field(default=(), repr=False)  # Apprise URLs hold webhook tokens and passwords
    alert_variables: dict[str, float | str] = field(default_factory=dict)
    dashboard_url: str | None = None

    @property
    def api_base_url_shown(self) -> str:
        """The API address as logs, output and manifests show it: a password in its userinfo
        (https://user:password@host) replaced by ***."""
        parts = urllib.parse.urlsplit(self.api_base_url)
        if parts.password is None:
            return self.api_base_url
        netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> IngestConfig:
        env = os.environ if env is None else env
        try:
            limits = {
                name: float(env.get(f"COMPOSER_RATE_LIMIT_{name.upper()}") or default)
                for name, default in DEFAULT_RATE_LIMITS.items()
            }
            return cls(
                api_base_url=(env.get("COMPOSER_API_BASE_URL") or DEFAULT_BASE_URL).rstrip("/"),
                api_key_id=env.get("COMPOSER_API_KEY") or None,
                api_secret=env.get("COMPOSER_SECRET_KEY") or env.get("COMPOSER_API_SECRET") or None,
                account_ids=tuple(a.strip() for a in (env.get("COMPOSER_ACCOUNT_IDS") or "").split(",") if a.strip()),
                data_url=env.get("DATA_URL") or DEFAULT_DATA_URL,
                s3=S3Settings.from_env(env),
                metrics=MetricParameters.from_env(env),
                benchmark_ticker=env.get("BENCHMARK_TICKER") or "SPY",
                rate_limits=limits,
                max_concurrency=int(env.get("INGEST_MAX_CONCURRENCY") or 8),
                timeout_s=float(env.get("COMPOSER_TIMEOUT_SECONDS") or 30.0),
                max_attempts=int(env.get("COMPOSER_MAX_ATTEMPTS") or 6),
                backtest_max_age_days=float(env.get("BACKTEST_MAX_AGE_DAYS") or 7.0),
                keep_snapshots=int(env.get("INGEST_KEEP_SNAPSHOTS") or 30),
                report_window_days=int(env.get("REPORT_WINDOW_DAYS") or 365),
                order_requests_limit=int(env.get("COMPOSER_ORDER_REQUESTS_LIMIT") or 1000),
                full_refresh=(env.get("INGEST_FULL_REFRESH") or "").lower() in {"1", "true", "yes"},
                alerts_enabled=(env.get("ALERTS") or "on").lower() not in {"off", "0", "false", "no"},
                alert_urls=tuple(u.strip() for u in re.split(r"[\s,]+", env.get("ALERT_URLS") or "") if u.strip()),
                alert_variables=alert_variables(env),
                dashboard_url=(env.get("DASHBOARD_URL") or "").rstrip("/") or None,
            )
        except ValueError as exc:
            raise ConfigError(f"a numeric setting is not a number ({exc}); fix the environment variable") from None

    @property
    def alert_channels_shown(self) -> list[str]:
        """The alert channels as output may show them: their kind only (discord, mailto, json),
        never the URL, which holds the webhook token or the password."""
        return [urllib.parse.urlsplit(u).scheme or "?" for u in self.alert_urls]

    def require_credentials(self) -> None:
        if not self.api_key_id or not self.api_secret:
            raise ConfigError(
                "Composer credentials are missing: set COMPOSER_API_KEY and COMPOSER_SECRET_KEY "
                "(create them under Settings → API keys in Composer)"
            )
