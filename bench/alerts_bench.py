"""The nightly job's alerts step on a large account: the published snapshot copied into a local
DuckDB file under INGEST_MEMORY_MB (what the step paid before any rule runs), then each rule of
sql/alerts/ (which now also finds since when its condition holds, from every day of history, and
reads every subject it watches), timed one by one on that copy.

    .venv/bin/python -m bench.alerts_bench [--symphonies 1000] [--days 2520]

Prints each rule's seconds, the copy's, and the ratio of all the rules to the copy.
"""

from __future__ import annotations

import argparse
import tempfile
import time

from bench.metrics_bench import build_lake
from ingest.alerts import rules
from ingest.config import IngestConfig
from sql import duck


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--symphonies", type=int, default=1000)
    parser.add_argument("--days", type=int, default=2520)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        build_lake(root, args.symphonies, args.days)
        config = IngestConfig(data_url=root)
        started = time.perf_counter()
        with duck.snapshot_copy(config.s3, config.data_url, None, config.metrics, config.memory_mb) as con:
            copied = time.perf_counter() - started
            rules.set_variables(con, {**config.alert_variables, "sync_exit_code": 0})
            timings = {}
            for path in rules.rule_files():
                started = time.perf_counter()
                found = rules.evaluate_file(con, path)
                timings[path.name] = (time.perf_counter() - started, sum(a.in_alarm for a in found), len(found))
    print(f"symphonies={args.symphonies} days={args.days} INGEST_MEMORY_MB={config.memory_mb}")
    print(f"snapshot copied for the rules (the step's cost before any rule): {copied:.2f} s")
    for name, (seconds, alarms, rows) in timings.items():
        print(f"  {name}: {seconds:.2f} s ({rows} subjects read, {alarms} in alarm)")
    total = sum(seconds for seconds, _, _ in timings.values())
    print(f"every rule: {total:.2f} s; rules / copy ratio: {total / copied:.2f}")


if __name__ == "__main__":
    main()
