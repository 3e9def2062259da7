"""A local stand-in for Composer's REST API, serving a deterministic synthetic account.

Used by `make run` (the demo), the tests and the benchmarks. It is a dev tool: nothing in
`ingest/`, `sql/` or `webapp/` imports it.

- `sandbox.market`: trading calendar and seeded return series.
- `sandbox.account`: the synthetic account and the JSON payloads each endpoint returns.
- `sandbox.server`: the Flask app (paths, auth headers, rate limits, error bodies).
- `python -m sandbox`: serve it on 127.0.0.1.
"""
