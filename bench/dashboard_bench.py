"""Dashboard speed over S3: the callbacks a browser fires, against a naive read-S3-every-time server.

    .venv/bin/python -m bench.dashboard_bench [--symphonies 1000] [--as-of 2034-11-17] [--rounds 3]

Builds the lake the real way: the sandbox API (1,000 symphonies valued up to --as-of, about ten
years each) → `ingest` → a moto S3 server in its own process, over HTTP. Then serves it with
gunicorn, with the production config, as:

  ours       the defaults: each snapshot's tables copied into a local DuckDB file, DuckDB held to
             DASHBOARD_MEMORY_MB (96), one DuckDB query at a time, results cached per snapshot
  in memory  DASHBOARD_MEMORY_MB=0: the tables copied into memory, no limit (the design before #14)
  naive      (--naive) DASHBOARD_MATERIALIZE=false, DASHBOARD_CACHE_ENTRIES=0: every callback reads
             S3 again (through DuckDB's own external file cache, so the ratios are conservative)

and drives `/_dash-update-component` the way the browser does: a page load is the Pages router
callback, then the page's initial callbacks fired together. It prints, for each server, how long
after gunicorn is started the snapshot is loaded (/healthz answers), the first visitor's
overview after that (the index, the page and its callbacks), the first load of each other page,
and p50/p95 of every main interaction the first time and after a warm-up pass. Then a new snapshot
is published (a nightly run that found nothing new: a new manifest over the same files) and the
interactions go on while the worker loads it beside the served one and swaps it in. The peak RSS of
gunicorn's master plus workers, and of the largest worker, is sampled every 0.1 s throughout.
Last, the other servers against ours as ratios. Timing is wall clock at the client (whose own
data is frozen out of its garbage collector before the servers start, as a browser has no such pauses).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import json
import os
import statistics
import time

import boto3
import httpx

from bench.dash_client import Browser
from bench.dashboard_clicks import interactions
from bench.ingest_bench import ingest, start_sandbox
from bench.processes import PeakMemory, start_dashboard, start_moto
from ingest import normalize
from ingest.config import DEFAULT_RATE_LIMITS
from sandbox.account import SyntheticAccount

BUCKET = "bench-lake"
S3_ENV = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench-secret", "AWS_REGION": "us-east-1"}


def timed(function, argument) -> float:
    started = time.perf_counter()
    function(argument)
    return (time.perf_counter() - started) * 1000


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def measure(url: str, ids: list[str], rounds: int, spawned_at: float, republish) -> dict:
    """`spawned_at`: when the gunicorn process was started (perf_counter); `republish()` publishes
    a new snapshot and returns its run id."""
    browser = Browser(url)
    while browser.http.get(url + "/healthz").status_code == 503:  # 503 "still loading" until the first load is done
        time.sleep(0.05)
    browser.http.get(url + "/healthz").raise_for_status()
    ready = (time.perf_counter() - spawned_at) * 1000
    started = time.perf_counter()
    browser.index()
    period = {"report.data": {}, "overview-requested.data": None}
    browser.page("/", "", [("overview-grid.rowData", period), ("overview-kpis.children", period)])
    first_visit = (time.perf_counter() - started) * 1000
    plan = interactions(browser, ids)
    first_load = {}
    for name in ("strategy (page)", "compare (page)", "portfolio (page)"):
        function, params = plan[name]
        first_load[name] = timed(function, params[0])
    first_load["overview (page, per period)"] = timed(plan["overview (page, per period)"][0], "?range=YTD")
    first, warm = {}, {}
    for name, (function, params) in plan.items():
        first[name] = [timed(function, p) for p in params]
    for name, (function, params) in plan.items():
        warm[name] = [timed(function, p) for _ in range(rounds) for p in params]
    run_id, during, started = republish(), [], time.perf_counter()
    while browser.http.get(url + "/healthz").json().get("run_id") != run_id:  # it loads beside the served one
        during += [timed(function, params[0]) for function, params in plan.values()]
    swapped = (time.perf_counter() - started) * 1000
    after = [timed(function, params[0]) for function, params in plan.values()]
    swap = {"swapped": swapped, "during": during, "after": after}
    return {"ready": ready, "cold": first_visit, "first_load": first_load, "first": first, "warm": warm, "swap": swap}


def report(label: str, result: dict, memory: PeakMemory) -> None:
    print(
        f"\n{label}: gunicorn started to snapshot loaded (imports, worker, warm-up): {result['ready']:,.0f} ms; the first visitor's "
        f"overview (index, page, its callbacks) then takes {result['cold']:,.0f} ms"
    )
    print(
        f"  peak RSS through it all, the new snapshot included: master + workers {memory.total_mb:,.0f} MB, "
        f"largest worker {memory.worker_mb:,.0f} MB"
    )
    print("  first load of a page (warm process, page not seen yet):")
    for name, ms in result["first_load"].items():
        print(f"    {name:32s} {ms:8,.0f} ms")
    print(f"  {'interaction':34s} {'first p50':>10s} {'first p95':>10s} {'warm p50':>10s} {'warm p95':>10s}   (ms)")
    for name in result["first"]:
        f, w = result["first"][name], result["warm"][name]
        print(f"  {name:34s} {statistics.median(f):10,.0f} {p95(f):10,.0f} {statistics.median(w):10,.0f} {p95(w):10,.0f}")
    everything = [ms for values in result["warm"].values() for ms in values]
    print(
        f"  all warm interactions: p50 {statistics.median(everything):,.0f} ms, p95 {p95(everything):,.0f} ms (n={len(everything)})"
    )
    swap = result["swap"]
    print(
        f"  a new snapshot: served {swap['swapped']:,.0f} ms after it was published; meanwhile {len(swap['during'])} interactions, "
        f"p50 {statistics.median(swap['during'] or [0]):,.0f} ms, p95 {p95(swap['during'] or [0]):,.0f} ms; the first pass after "
        f"the swap p50 {statistics.median(swap['after']):,.0f} ms, p95 {p95(swap['after']):,.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--symphonies", type=int, default=1000)
    parser.add_argument("--as-of", default="2034-11-17", help="last trading day of the sandbox account")
    parser.add_argument("--rounds", type=int, default=3, help="warm passes over every interaction")
    parser.add_argument("--naive", action="store_true", help="also serve it reading S3 on every callback (slow)")
    parser.add_argument("--naive-rounds", type=int, default=1)
    args = parser.parse_args()

    account = SyntheticAccount(size=args.symphonies, as_of=dt.date.fromisoformat(args.as_of))
    years = [(s.live_end_index - s.live_start_index + 1) / 261 for s in account.symphonies]
    ids = [s.id for s in sorted(account.symphonies, key=lambda s: s.live_start_index)]
    moto, moto_url = start_moto()
    sandbox, sandbox_url = start_sandbox(args.symphonies, 0.0, limits=False, as_of=args.as_of)
    processes = [moto, sandbox]
    try:
        httpx.put(f"{moto_url}/{BUCKET}").raise_for_status()
        s3 = S3_ENV | {"S3_ENDPOINT_URL": moto_url}
        lake = f"s3://{BUCKET}/lake"
        # the account is valued into the future (ten years of history), so ingest's "no live day
        # after tomorrow" check is given the account's last day as today
        normalize.fields.today = lambda: account.as_of  # check_days reads the clock here
        seconds, stats = ingest(sandbox_url, lake, 16, {name: 0.0 for name in DEFAULT_RATE_LIMITS}, s3)
        sandbox.terminate()
        print(
            f"lake: {args.symphonies} symphonies, {statistics.mean(years):.1f} years of live history on average "
            f"({min(years):.1f}-{max(years):.1f}), {sum(years) * 261:,.0f} symphony-days; ingested into moto S3 in {seconds:.0f} s "
            f"({stats['requests']} requests, {stats['files']} files)"
        )
        s3_client = boto3.client(
            "s3", endpoint_url=moto_url, region_name="us-east-1", aws_access_key_id="bench", aws_secret_access_key="bench-secret"
        )
        # this process holds the synthetic account (millions of objects): frozen out of its garbage
        # collector, so a full collection here (about 100 ms) is not counted as the server's latency
        gc.freeze()
        servers = [("ours", {}, args.rounds), ("in memory", {"DASHBOARD_MEMORY_MB": "0"}, args.rounds)]
        if args.naive:
            servers.append(("naive", {"DASHBOARD_MATERIALIZE": "false", "DASHBOARD_CACHE_ENTRIES": "0"}, args.naive_rounds))
        results, memory = {}, {}
        for label, extra, rounds in servers:
            spawned_at = time.perf_counter()
            server, url = start_dashboard({"DATA_URL": lake, "SNAPSHOT_CHECK_SECONDS": "2", **s3, **extra})
            processes.append(server)
            try:
                with PeakMemory(server) as memory[label]:
                    results[label] = measure(url, ids, rounds, spawned_at, functools.partial(republish, s3_client, label))
                report(label, results[label], memory[label])
            finally:
                server.terminate()
                server.wait(timeout=30)
    finally:
        for process in processes:
            process.terminate()
    compare(results, memory)


def republish(s3_client, label: str) -> str:
    """A new snapshot over the same files, as a nightly run that found nothing new publishes."""
    latest = json.loads(s3_client.get_object(Bucket=BUCKET, Key="lake/manifests/latest.json")["Body"].read())
    run_id = f"{latest['run_id']}-{label.replace(' ', '-')}"  # sorts after the one it follows
    manifest = latest | {"run_id": run_id, "previous_run_id": latest["run_id"]}
    for key in (f"lake/manifests/{run_id}.json", "lake/manifests/latest.json"):
        s3_client.put_object(Bucket=BUCKET, Key=key, Body=json.dumps(manifest).encode())
    return run_id


def compare(results: dict, memory: dict) -> None:
    ours = results["ours"]
    all_ours = [ms for v in ours["warm"].values() for ms in v]
    for label in [name for name in results if name != "ours"]:
        other = results[label]
        print(f"\n{label} / ours (above 1: ours is faster or smaller):")
        print(f"  peak RSS, master + workers: {memory[label].total_mb / memory['ours'].total_mb:.2f}x")
        print(f"  peak RSS, largest worker: {memory[label].worker_mb / memory['ours'].worker_mb:.2f}x")
        print(f"  server start to snapshot loaded: {other['ready'] / ours['ready']:.2f}x")
        print(f"  first visitor's overview: {other['cold'] / ours['cold']:.2f}x")
        for name in ours["first_load"]:
            print(f"  first load, {name:32s} {other['first_load'][name] / ours['first_load'][name]:6.2f}x")
        for name in ours["warm"]:
            print(f"  warm p95,   {name:32s} {p95(other['warm'][name]) / p95(ours['warm'][name]):6.2f}x")
        all_other = [ms for v in other["warm"].values() for ms in v]
        print(f"  all warm interactions, p95: {p95(all_other) / p95(all_ours):.2f}x")
    summary = {
        "ours_warm_p95_ms": round(p95(all_ours), 1),
        "ours_first_overview_ms": round(ours["cold"]),
        "ours_peak_rss_master_plus_workers_mb": round(memory["ours"].total_mb),
        "ours_peak_rss_worker_mb": round(memory["ours"].worker_mb),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
