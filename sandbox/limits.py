"""The rate limits a running sandbox declares (GET /_sandbox/rate-limits), as the environment that
holds the ingest client to them: `python -m sandbox.limits http://127.0.0.1:8765` prints
`COMPOSER_RATE_LIMIT_<CLASS>=<requests a minute>` lines (scripts/run.sh exports them).

Against Composer the client keeps to Composer's documented limits (settings/catalog.py); the demo's
sandbox runs on the same machine and enforces limits of its own (`python -m sandbox --rate-limit
standard=600`), so holding the demo to Composer's 25 a minute would only make a newcomer wait a
minute for limits that are not there.
"""

from __future__ import annotations

import sys

import httpx


def client_env(sandbox_url: str) -> dict[str, str]:
    """COMPOSER_RATE_LIMIT_* for each endpoint class the sandbox at `sandbox_url` declares."""
    declared = httpx.get(f"{sandbox_url.rstrip('/')}/_sandbox/rate-limits", timeout=10).raise_for_status().json()
    return {f"COMPOSER_RATE_LIMIT_{name.upper()}": f"{float(limit):g}" for name, limit in declared.items()}


if __name__ == "__main__":
    for name, value in client_env(sys.argv[1]).items():
        print(f"{name}={value}")
