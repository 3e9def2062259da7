"""Every setting of the dashboard, read from the environment in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import settings
from sql.duck import MetricParameters, S3Settings


@dataclass(frozen=True)
class WebConfig:
    data_url: str = settings.default("DATA_URL")
    s3: S3Settings = field(default_factory=S3Settings)
    metrics: MetricParameters = field(default_factory=MetricParameters)
    sql_dir: str | None = None
    snapshot_check_seconds: float = settings.default("SNAPSHOT_CHECK_SECONDS")
    users: dict[str, str] = field(default_factory=dict, repr=False)
    require_auth: bool = False
    public: bool = False
    behind_proxy: bool = False  # on Render: X-Forwarded-For's last entry is the client's address
    materialize: bool = settings.default("DASHBOARD_MATERIALIZE")
    memory_mb: int = settings.default("DASHBOARD_MEMORY_MB")
    duckdb_threads: int = settings.default("DASHBOARD_DUCKDB_THREADS")
    disk_dir: str | None = None
    cache_entries: int = settings.default("DASHBOARD_CACHE_ENTRIES")
    live_poll_seconds: float = settings.default("LIVE_POLL_SECONDS")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WebConfig:
        env = os.environ if env is None else env
        render = settings.value("RENDER", env)
        return cls(
            data_url=settings.value("DATA_URL", env),
            s3=S3Settings.from_env(env),
            metrics=MetricParameters.from_env(env),
            sql_dir=settings.value("SQL_DIR", env),
            snapshot_check_seconds=settings.value("SNAPSHOT_CHECK_SECONDS", env),
            users=parse_users(settings.value("DASHBOARD_USERS", env) or ""),
            # Render sets RENDER=true on every service: a deployed dashboard needs a login
            require_auth=settings.value("DASHBOARD_REQUIRE_AUTH", env) or render,
            public=settings.value("DASHBOARD_PUBLIC", env),
            behind_proxy=render,
            materialize=settings.value("DASHBOARD_MATERIALIZE", env),
            memory_mb=settings.value("DASHBOARD_MEMORY_MB", env),
            duckdb_threads=settings.value("DASHBOARD_DUCKDB_THREADS", env),
            disk_dir=settings.value("DASHBOARD_DISK_DIR", env),
            cache_entries=settings.value("DASHBOARD_CACHE_ENTRIES", env),
            live_poll_seconds=settings.value("LIVE_POLL_SECONDS", env),
        )


def parse_users(value: str) -> dict[str, str]:
    """ "alice:<hash>,bob:<hash>" → {"alice": "<hash>", ...}; hashes contain ':' but never ','."""
    users = {}
    for entry in filter(None, (part.strip() for part in value.split(","))):
        name, _, password_hash = entry.partition(":")
        if not name or not password_hash:
            raise ValueError("DASHBOARD_USERS entries must look like user:password-hash (see python -m webapp.hash_password)")
        method, salt, digest = (password_hash.split("$") + ["", ""])[:3]
        if method.split(":")[0] not in {"scrypt", "pbkdf2"} or not salt or not digest:
            raise ValueError(
                f"DASHBOARD_USERS: the entry for {name!r} is not a password hash (a plain password would make every "
                "login fail). Make a hash with `python -m webapp.hash_password` and use user:<that hash>."
            )
        users[name] = password_hash
    return users
