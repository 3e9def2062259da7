"""A one-symphony lake whose drawdown crosses alert thresholds, and the ingest config for it."""

from __future__ import annotations

import pathlib

import numpy as np

from ingest.config import IngestConfig
from tests.helpers.metric_lake import business_days, values_from_returns, write_lake

DAYS = business_days(400)


UP = np.full(200, 0.001)


DOWN = np.full(40, (0.7 ** (1 / 40)) - 1)  # 30% down from the peak


def publish(lake: pathlib.Path, returns: np.ndarray, run: int) -> None:
    spec = {"dates": DAYS[: len(returns) + 1], "adjusted": values_from_returns(returns), "name": "Alpha Rotation"}
    write_lake(lake, {"sym1": spec}, run_id=f"run-{run:03d}")


def config(lake: pathlib.Path, *urls: str, **variables) -> IngestConfig:
    """Only the drawdown rule's threshold matters here; the snapshot is as of its own last day."""
    limits = {"alert_today": "2099-01-01", "alert_stale_days": 100_000, "alert_new_max_drawdown": 0.99}
    return IngestConfig(
        data_url=str(lake), alert_urls=urls, dashboard_url="https://dash.example.com", alert_variables=limits | variables
    )
