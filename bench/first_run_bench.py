"""How long `make run` takes on a machine with the packages installed: scripts/run.sh from nothing
(the sandbox, the first sync into an empty lake, artifacts, alerts, gunicorn's first load) to the
overview answering with data, as it runs (the client held to the limits the demo's sandbox
declares) against the baseline of the same script with the client held to Composer's 25 standard
requests a minute, which is how it ran before. Prints seconds and the ratio.

    .venv/bin/python -m bench.first_run_bench
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time

import httpx

from bench.ingest_bench import free_port
from bench.processes import ROOT


def time_to_data(extra_env: dict[str, str]) -> float:
    """Seconds from starting scripts/run.sh to /healthz "ok" (the worker's first load done) and the
    overview page answering."""
    with tempfile.TemporaryDirectory(prefix="first-run-") as lake:
        web, sandbox = free_port(), free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSER_", "DATA_URL", "ALERT"))}
        env |= {"DATA_URL": lake, "WEB_PORT": str(web), "SANDBOX_PORT": str(sandbox)} | extra_env
        started = time.monotonic()
        process = subprocess.Popen(
            ["scripts/run.sh"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            url = f"http://127.0.0.1:{web}"
            while time.monotonic() - started < 300:
                try:
                    if (
                        httpx.get(f"{url}/healthz", timeout=2).json().get("status") == "ok"
                        and httpx.get(url, timeout=10).is_success
                    ):
                        return time.monotonic() - started
                except (httpx.HTTPError, ValueError):
                    pass
                if process.poll() is not None:
                    raise RuntimeError("scripts/run.sh exited before the dashboard answered")
                time.sleep(0.25)
            raise RuntimeError("no dashboard with data within 300 s")
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)


def main() -> None:
    ours = time_to_data({})
    composer = time_to_data({"COMPOSER_RATE_LIMIT_STANDARD": "25"})
    print(f"make run to a dashboard with data, the demo's declared limits: {ours:.1f} s")
    print(f"the same with the client held to Composer's 25 requests a minute (before): {composer:.1f} s")
    print(f"ratio (before / now): {composer / ours:.1f}")


if __name__ == "__main__":
    main()
