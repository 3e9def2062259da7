"""A dashboard worker leaves at once on SIGTERM (Render sends it on every deploy), whatever it is
doing: warming the preset periods, or reading S3 (webapp/store/snapshots.py close, gunicorn.conf.py)."""

from __future__ import annotations

import time

import httpx

from tests.helpers.browser import start_dashboard


def test_a_worker_stops_at_once_on_sigterm_even_while_it_warms_up(local_lake, tmp_path):
    for attempt in range(3):
        process, url = start_dashboard({"DATA_URL": local_lake}, tmp_path / f"stop_{attempt}.log")
        httpx.get(url + "/healthz")  # the worker is warming the preset periods now
        started = time.monotonic()
        process.terminate()
        process.wait(timeout=60)
        assert time.monotonic() - started < 10, (tmp_path / f"stop_{attempt}.log").read_text()[-1000:]
