"""Ingest speed against the sandbox API with added latency, as ratios against a baseline.

    .venv/bin/python -m bench.ingest_bench [--symphonies 1000] [--latency 0.05] [--limited-symphonies 100]

1. Rate limits lifted, 50 ms per request: our run (concurrent) against a sequential
   one-request-at-a-time run of the same pipeline (INGEST_MAX_CONCURRENCY=1), both full runs into
   fresh lakes after an untimed warm-up run, so both meet a server with warm caches. Prints wall times, the ratio, requests and files written (object-store PUTs).
2. The second run on the unchanged account (incremental) against the first.
3. Composer's documented limits on, in the sandbox and in our client: wall time against the floor
   those limits impose (a class's requests fill one 60 s window per `limit - 1` of them, the client's
   margin; the slowest class wins), and how many 429s the server sent.
4. PUTs per run for a tenth of the symphonies: they grow with tables, not with symphonies.
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import subprocess
import sys
import tempfile
import time

import httpx

from ingest import pipeline
from ingest.client import ComposerClient
from ingest.config import DEFAULT_RATE_LIMITS, IngestConfig
from sandbox.server import DEFAULT_KEY_ID, DEFAULT_SECRET

AS_OF = "2026-11-20"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_sandbox(size: int, latency: float, limits: bool, as_of: str = AS_OF) -> tuple[subprocess.Popen, str]:
    port = free_port()
    args = [
        sys.executable,
        "-m",
        "sandbox",
        "--port",
        str(port),
        "--size",
        str(size),
        "--as-of",
        as_of,
        "--latency",
        str(latency),
    ]
    process = subprocess.Popen(
        args + ([] if limits else ["--no-rate-limits"]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(f"{url}/_sandbox/stats", timeout=1)
            return process, url
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("sandbox did not start")


def ingest(
    url: str, lake: str, concurrency: int, limits: dict[str, float], extra_env: dict[str, str] | None = None
) -> tuple[float, dict]:
    env = {
        "COMPOSER_API_BASE_URL": url,
        "COMPOSER_API_KEY": DEFAULT_KEY_ID,
        "COMPOSER_SECRET_KEY": DEFAULT_SECRET,
        **(extra_env or {}),
    }
    env |= {"DATA_URL": lake, "INGEST_MAX_CONCURRENCY": str(concurrency)}
    env |= {f"COMPOSER_RATE_LIMIT_{k.upper()}": str(v) for k, v in limits.items()}
    config = IngestConfig.from_env(env)
    started = time.perf_counter()
    with ComposerClient(url, DEFAULT_KEY_ID, DEFAULT_SECRET, rate_limits=config.rate_limits, max_backoff_s=2.0) as client:
        result = pipeline.run(config, client)
        counts = {"requests": client.stats.requests, "retries": client.stats.retries, "rate_limited": client.stats.rate_limited}
    return time.perf_counter() - started, {**counts, "files": result.manifest["files_written"]}


def requests_per_class(url: str) -> dict[str, int]:
    return httpx.get(f"{url}/_sandbox/stats").json().get("by_class", {})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--symphonies", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--limited-symphonies", type=int, default=100)
    args = parser.parse_args()
    unlimited = {name: 0.0 for name in DEFAULT_RATE_LIMITS}

    server, url = start_sandbox(args.symphonies, args.latency, limits=False)
    try:
        with (
            tempfile.TemporaryDirectory() as warm_lake,
            tempfile.TemporaryDirectory() as ours_lake,
            tempfile.TemporaryDirectory() as base_lake,
        ):
            ingest(url, warm_lake, args.concurrency, unlimited)  # untimed: both timed runs meet a warm server
            ours_s, ours = ingest(url, ours_lake, args.concurrency, unlimited)
            again_s, again = ingest(url, ours_lake, args.concurrency, unlimited)
            base_s, base = ingest(url, base_lake, 1, unlimited)
    finally:
        server.terminate()
    print(f"{args.symphonies} symphonies, {args.latency * 1000:.0f} ms per request, rate limits lifted")
    print(f"  ours (concurrency {args.concurrency}): {ours_s:7.1f} s  {ours['requests']} requests, {ours['files']} files written")
    print(f"  sequential baseline:       {base_s:7.1f} s  {base['requests']} requests, {base['files']} files written")
    print(f"  speed-up: {base_s / ours_s:.1f}x")
    print(
        f"  second run, account unchanged: {again_s:.1f} s, {again['requests']} requests, {again['files']} files -> {ours_s / again_s:.1f}x faster than the first"
    )

    small = max(1, args.symphonies // 10)
    server, url = start_sandbox(small, args.latency, limits=False)
    try:
        with tempfile.TemporaryDirectory() as lake:
            _, tenth = ingest(url, lake, args.concurrency, unlimited)
    finally:
        server.terminate()
    print(f"  files written per run: {tenth['files']} for {small} symphonies, {ours['files']} for {args.symphonies}")

    under_the_limits(args.limited_symphonies, args.latency, args.concurrency)


def under_the_limits(symphonies: int, latency: float, concurrency: int) -> None:
    """A run with Composer's documented limits on in the sandbox and in the client: wall time
    against the floor they impose, and the 429s."""
    server, url = start_sandbox(symphonies, latency, limits=True)
    try:
        with tempfile.TemporaryDirectory() as lake:
            limited_s, limited = ingest(url, lake, concurrency, DEFAULT_RATE_LIMITS)
            by_class = requests_per_class(url)
            served = httpx.get(f"{url}/_sandbox/stats").json()
    finally:
        server.terminate()
    # the client keeps every 60 s under the limit less one: n requests need ceil(n / allowed) windows
    floor = max(((math.ceil(n / max(1, DEFAULT_RATE_LIMITS[c] - 1)) - 1) * 60.0 for c, n in by_class.items() if n), default=0.0)
    print(f"{symphonies} symphonies with Composer's documented limits on (requests/minute {DEFAULT_RATE_LIMITS})")
    print(f"  requests per class: {by_class}")
    if floor > 0:
        print(
            f"  wall time {limited_s:.1f} s against a floor of {floor:.1f} s imposed by the limits ({limited_s / floor:.2f}x the floor)"
        )
    else:
        print(f"  wall time {limited_s:.1f} s; every class fit in one window, so the limits impose no wait")
    print(f"  429 responses: {served['rate_limited']} (client saw {limited['rate_limited']})")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
