"""The processes a benchmark runs against: moto's S3 server and the dashboard under gunicorn, and a worker's memory."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import threading
import time

import httpx

from bench.ingest_bench import free_port

ROOT = pathlib.Path(__file__).resolve().parents[1]


def start_moto() -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_for(url + "/moto-api/", process, "moto")
    return process, url


def wait_for(url: str, process: subprocess.Popen, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=5)
            return
        except httpx.HTTPError:
            if process.poll() is not None:
                raise RuntimeError(f"{what} exited") from None
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer within {timeout} s")


def start_dashboard(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """gunicorn with the production config; returns as soon as it accepts connections (the worker
    may still be loading the snapshot)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "webapp.app:server", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_for(url + "/vendor/bootstrap.min.css", process, "gunicorn")
    return process, url


def worker_rss_mb(master: subprocess.Popen) -> float:
    return sum(_rss_kb(int(pid)) for pid in children(master.pid)) / 1024


def _rss_kb(pid: int) -> int:
    try:
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


class PeakMemory:
    """Samples the RSS of gunicorn's master and its workers every `interval` seconds while it
    runs: the peak of their sum and the peak of the largest worker (RSS counts pages a worker
    shares with the master in both, so the sum overstates what the instance uses)."""

    def __init__(self, master: subprocess.Popen, interval: float = 0.1):
        self.master, self.interval = master, interval
        self.total_mb = self.worker_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            workers = [_rss_kb(int(pid)) for pid in children(self.master.pid)]
            self.total_mb = max(self.total_mb, (_rss_kb(self.master.pid) + sum(workers)) / 1024)
            self.worker_mb = max(self.worker_mb, max(workers, default=0) / 1024)


def children(pid: int) -> list[str]:
    return subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout.split()
