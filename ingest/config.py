"""Every setting of the sync job, read from the environment in one place."""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

import settings
from ingest.errors import ConfigError
from sql.duck import MetricParameters, S3Settings

# requests per minute per endpoint class (COMPOSER_RATE_LIMIT_<CLASS>)
DEFAULT_RATE_LIMITS = {c: settings.default(f"COMPOSER_RATE_LIMIT_{c.upper()}") for c in ("standard", "values", "backtest")}


def alert_variables(env: Mapping[str, str]) -> dict[str, float | str]:
    """Every ALERT_<NAME> setting (ALERT_URLS aside) as the rules' DuckDB variable alert_<name>:
    a number when it reads as one. A rule file of one's own reads ALERT_<ITS_NAME> the same way."""
    out: dict[str, float | str] = {}
    for name, value in env.items():
        if name.startswith(settings.RULE_PREFIX) and name != "ALERT_URLS" and value.strip():
            try:
                out[name.lower()] = float(value)
            except ValueError:
                out[name.lower()] = value.strip()
    return out


@dataclass(frozen=True)
class IngestConfig:
    api_base_url: str = settings.default("COMPOSER_API_BASE_URL")
    api_key_id: str | None = None
    api_secret: str | None = field(default=None, repr=False)
    account_ids: tuple[str, ...] = ()
    data_url: str = settings.default("DATA_URL")
    s3: S3Settings = field(default_factory=S3Settings)
    metrics: MetricParameters = field(default_factory=MetricParameters)
    memory_mb: int = settings.default("INGEST_MEMORY_MB")
    benchmark_ticker: str = settings.default("BENCHMARK_TICKER")
    rate_limits: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_RATE_LIMITS))
    max_concurrency: int = settings.default("INGEST_MAX_CONCURRENCY")
    timeout_s: float = settings.default("COMPOSER_TIMEOUT_SECONDS")
    backtest_timeout_s: float = 120.0
    max_attempts: int = settings.default("COMPOSER_MAX_ATTEMPTS")
    live_interval_s: float = settings.default("LIVE_INTERVAL_SECONDS")
    live_keep_days: int = settings.default("LIVE_KEEP_DAYS")
    backtest_max_age_days: float = settings.default("BACKTEST_MAX_AGE_DAYS")
    keep_snapshots: int = settings.default("INGEST_KEEP_SNAPSHOTS")
    report_window_days: int = settings.default("REPORT_WINDOW_DAYS")
    holdings_window_days: int = settings.default("HOLDINGS_WINDOW_DAYS")
    live_preview_minutes: int = settings.default("LIVE_PREVIEW_MINUTES")
    order_requests_limit: int = settings.default("COMPOSER_ORDER_REQUESTS_LIMIT")
    full_refresh: bool = settings.default("INGEST_FULL_REFRESH")
    alerts_enabled: bool = settings.default("ALERTS")
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

        def value(name: str):
            return settings.value(name, env)

        try:
            return cls(
                api_base_url=value("COMPOSER_API_BASE_URL").rstrip("/"),
                api_key_id=value("COMPOSER_API_KEY"),
                api_secret=value("COMPOSER_SECRET_KEY"),
                account_ids=value("COMPOSER_ACCOUNT_IDS"),
                data_url=value("DATA_URL"),
                s3=S3Settings.from_env(env),
                metrics=MetricParameters.from_env(env),
                memory_mb=settings.value("INGEST_MEMORY_MB", env),
                benchmark_ticker=value("BENCHMARK_TICKER"),
                rate_limits={name: value(f"COMPOSER_RATE_LIMIT_{name.upper()}") for name in DEFAULT_RATE_LIMITS},
                max_concurrency=value("INGEST_MAX_CONCURRENCY"),
                timeout_s=value("COMPOSER_TIMEOUT_SECONDS"),
                max_attempts=value("COMPOSER_MAX_ATTEMPTS"),
                live_interval_s=value("LIVE_INTERVAL_SECONDS"),
                live_keep_days=value("LIVE_KEEP_DAYS"),
                backtest_max_age_days=value("BACKTEST_MAX_AGE_DAYS"),
                keep_snapshots=value("INGEST_KEEP_SNAPSHOTS"),
                report_window_days=value("REPORT_WINDOW_DAYS"),
                holdings_window_days=value("HOLDINGS_WINDOW_DAYS"),
                live_preview_minutes=value("LIVE_PREVIEW_MINUTES"),
                order_requests_limit=value("COMPOSER_ORDER_REQUESTS_LIMIT"),
                full_refresh=value("INGEST_FULL_REFRESH"),
                alerts_enabled=value("ALERTS"),
                alert_urls=value("ALERT_URLS"),
                alert_variables=alert_variables(env),
                dashboard_url=(value("DASHBOARD_URL") or "").rstrip("/") or None,
            )
        except settings.SettingError as exc:
            raise ConfigError(str(exc)) from None

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
