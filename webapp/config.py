"""Every setting of the dashboard, read from the environment in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from sql.duck import MetricParameters, S3Settings


@dataclass(frozen=True)
class WebConfig:
    data_url: str = "./data/lake"
    s3: S3Settings = field(default_factory=S3Settings)
    metrics: MetricParameters = field(default_factory=MetricParameters)
    sql_dir: str | None = None
    snapshot_check_seconds: float = 30.0
    users: dict[str, str] = field(default_factory=dict, repr=False)
    require_auth: bool = False
    public: bool = False
    behind_proxy: bool = False  # on Render: X-Forwarded-For's last entry is the client's address
    materialize: bool = True
    cache_entries: int = 512

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WebConfig:
        env = os.environ if env is None else env
        return cls(
            data_url=env.get("DATA_URL") or "./data/lake",
            s3=S3Settings.from_env(env),
            metrics=MetricParameters.from_env(env),
            sql_dir=env.get("SQL_DIR") or None,
            snapshot_check_seconds=float(env.get("SNAPSHOT_CHECK_SECONDS") or 30.0),
            users=parse_users(env.get("DASHBOARD_USERS") or ""),
            # Render sets RENDER=true on every service: a deployed dashboard needs a login
            require_auth=_flag(env.get("DASHBOARD_REQUIRE_AUTH")) or _flag(env.get("RENDER")),
            public=_flag(env.get("DASHBOARD_PUBLIC")),
            behind_proxy=_flag(env.get("RENDER")),
            materialize=(env.get("DASHBOARD_MATERIALIZE") or "true").strip().lower() not in {"0", "false", "no", "off"},
            cache_entries=int(env.get("DASHBOARD_CACHE_ENTRIES") or 512),
        )


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


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
