"""Serve the sandbox Composer API: `python -m sandbox --port 8765 --seed 7 --size 25`."""

from __future__ import annotations

import argparse
import datetime as dt

from werkzeug.serving import make_server

from sandbox.server import ENDPOINT_CLASSES, SandboxSettings, create_app


def _limit(text: str) -> tuple[str, float]:
    """`standard=600`: an endpoint class and its requests a minute."""
    name, _, value = text.partition("=")
    if name not in ENDPOINT_CLASSES or not value:
        raise argparse.ArgumentTypeError(f"{text!r}: give CLASS=REQUESTS_A_MINUTE, CLASS one of {', '.join(ENDPOINT_CLASSES)}")
    return name, float(value)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--size", type=int, default=25, help="number of symphonies")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="last trading day (default: yesterday)")
    parser.add_argument(
        "--now",
        type=dt.datetime.fromisoformat,
        default=None,
        help="start the clock here, e.g. 2025-06-02T14:30:00-04:00 (default: the real time); market-hours and the intraday figures follow it",
    )
    parser.add_argument("--no-rate-limits", action="store_true")
    parser.add_argument(
        "--rate-limit",
        type=_limit,
        action="append",
        default=[],
        metavar="CLASS=N",
        help="requests a minute this sandbox allows for an endpoint class (default: Composer's documented limits); "
        "GET /_sandbox/rate-limits declares them",
    )
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every request (benchmarks)")
    args = parser.parse_args(argv)
    settings = SandboxSettings(
        seed=args.seed,
        size=args.size,
        as_of=args.as_of,
        now=args.now,
        rate_limits=None if args.no_rate_limits else {**SandboxSettings().rate_limits, **dict(args.rate_limit)},
        latency_s=args.latency,
    )
    server = make_server(args.host, args.port, create_app(settings), threaded=True)
    print(f"sandbox Composer API on http://{args.host}:{server.server_port} (key id {settings.api_key_id})", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
