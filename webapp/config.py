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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WebConfig:
        env = os.environ if env is None else env
        return cls(
            data_url=env.get("DATA_URL") or "./data/lake",
            s3=S3Settings.from_env(env),
            metrics=MetricParameters.from_env(env),
            sql_dir=env.get("SQL_DIR") or None,
            snapshot_check_seconds=float(env.get("SNAPSHOT_CHECK_SECONDS") or 30.0),
        )
