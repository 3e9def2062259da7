"""The Composer sync job: fetch an account over the REST API, normalize it, publish a lake snapshot.

Reads top to bottom: `config` (environment) → `client` (HTTP, retries, rate limits) →
`normalize` (JSON → Arrow tables) → `lake` (Parquet files, manifest, latest.json) →
`artifacts` (outputs of the `sql/` views) → `pipeline` (one run) → `cli` (`python -m ingest`).
"""
