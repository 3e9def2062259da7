"""Login cost under load: the same dashboard with and without DASHBOARD_USERS, 20 clients.

    .venv/bin/python -m bench.login_bench [--clients 20] [--seconds 10]

Builds a small lake from the sandbox (25 symphonies) and serves it with gunicorn and the
production config, once public and once with a login; each client is a thread that keeps
requesting what a browser requests after the first page (an asset, the layout, a cached
callback's dependencies) with the right credentials. A third run sends wrong passwords from
8 more clients beside the 20 (each wrong password costs a scrypt until the per-client limit
answers 429). Prints requests per second and p50/p95 latency for each run, and the ratios
login / public: the login should cost little once the password is verified.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import statistics
import tempfile
import threading
import time

import httpx
from werkzeug.security import generate_password_hash

from bench.dashboard_bench import p95, start_dashboard
from bench.ingest_bench import ingest, start_sandbox

PASSWORD = "bench password"
PATHS = ["/vendor/bootstrap.min.css", "/_dash-layout", "/_dash-dependencies", "/healthz"]


def load(url: str, clients: int, seconds: float, auth: tuple[str, str] | None, attackers: int = 0) -> dict:
    # RENDER=true: the server reads X-Forwarded-For as Render's proxy writes it, so each client
    # and attacker is an address of its own
    """`clients` threads requesting PATHS in turn for `seconds`; latencies of theirs only."""
    latencies: list[float] = []
    errors = []
    stop = threading.Event()

    def client(n: int) -> None:
        with httpx.Client(timeout=60, auth=auth, headers={"X-Forwarded-For": f"203.0.113.{n}"}) as http:
            i = n
            while not stop.is_set():
                started = time.perf_counter()
                response = http.get(url + PATHS[i % len(PATHS)])
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors.append(response.status_code)
                i += 1

    def attacker(n: int) -> None:
        with httpx.Client(timeout=60, auth=("trader", f"guess {n}")) as http:
            while not stop.is_set():
                http.get(url + "/_dash-layout", headers={"X-Forwarded-For": f"198.51.100.{n}"})

    with concurrent.futures.ThreadPoolExecutor(clients + attackers) as pool:
        futures = [pool.submit(client, n) for n in range(clients)] + [pool.submit(attacker, n) for n in range(attackers)]
        time.sleep(seconds)
        stop.set()
        for future in futures:
            future.result()
    return {
        "requests_per_s": len(latencies) / seconds,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * p95(latencies),
        "errors": len(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as lake:
        sandbox, api = start_sandbox(25, 0.0, limits=False)
        try:
            ingest(api, lake, 4, {})
        finally:
            sandbox.terminate()
        users = f"trader:{generate_password_hash(PASSWORD)}"
        runs = {
            "public": ({"DATA_URL": lake, "RENDER": "true", "DASHBOARD_PUBLIC": "true"}, None, 0),
            "login": ({"DATA_URL": lake, "RENDER": "true", "DASHBOARD_USERS": users}, ("trader", PASSWORD), 0),
            "login + 8 attackers": ({"DATA_URL": lake, "RENDER": "true", "DASHBOARD_USERS": users}, ("trader", PASSWORD), 8),
        }
        results = {}
        for name, (env, auth, attackers) in runs.items():
            process, url = start_dashboard(env)
            try:
                httpx.get(url + "/", auth=auth, timeout=120)  # the first page: the snapshot is loaded
                results[name] = load(url, args.clients, args.seconds, auth, attackers)
            finally:
                process.terminate()
                process.wait(timeout=60)
    print(f"{args.clients} clients, {args.seconds:.0f} s each, gunicorn with the production config")
    for name, r in results.items():
        print(
            f"  {name:22s} {r['requests_per_s']:7.1f} req/s  p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  errors {r['errors']}"
        )
    base = results["public"]
    for name in ("login", "login + 8 attackers"):
        r = results[name]
        print(
            f"  {name} / public: p50 x{r['p50_ms'] / base['p50_ms']:.2f}, throughput x{r['requests_per_s'] / base['requests_per_s']:.2f}"
        )


if __name__ == "__main__":
    main()
