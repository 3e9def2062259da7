"""What tests share: no test module imports another. `sandbox` (the API and clients), `sync`
(ingest runs), `metric_lake` (synthetic lakes and queries over them), `browser` (gunicorn and
Chromium), `grid` (the leaderboard in the browser), `references` (metric references),
`alert_lake` and `alert_receivers` (alert rules' lakes and real receivers), `polling`."""
