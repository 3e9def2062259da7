"""The Dash dashboard: reads the lake through DuckDB (httpfs for S3) inside its callbacks.

`config` (environment) → `data` (the one DuckDB connection, snapshot tracking, queries) →
`figures` (pure plotly builders) → `pages/` (one module per page) → `app` (the shell, `server`).
"""
