#!/usr/bin/env bash
# `make run`: ingest into the lake, then serve the dashboard on http://127.0.0.1:${WEB_PORT:-8050}
# while `python -m ingest live` takes intraday readings if the market is open.
# Without Composer credentials in the environment it starts the sandbox Composer API on
# 127.0.0.1 and ingests its synthetic account into ./data/lake; with COMPOSER_API_KEY and
# COMPOSER_SECRET_KEY (and DATA_URL=s3://... if wanted) it uses those instead. The sandbox is on
# this machine, so it allows 600 standard requests a minute (Composer: 25) and declares its limits
# (GET /_sandbox/rate-limits); the demo's client is held to those, not to Composer's.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
WEB_PORT=${WEB_PORT:-8050}
SANDBOX_PORT=${SANDBOX_PORT:-8765}
sandbox_pid=""
live_pid=""
cleanup() {
  for pid in "$live_pid" "$sandbox_pid"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  done
}
trap cleanup EXIT

if [ -z "${COMPOSER_API_KEY:-}" ]; then
  echo "No COMPOSER_API_KEY set: using the sandbox Composer API (synthetic account)."
  $PY -m sandbox --port "$SANDBOX_PORT" --rate-limit standard=600 > .venv/sandbox.log 2>&1 &
  sandbox_pid=$!
  export COMPOSER_API_BASE_URL="http://127.0.0.1:${SANDBOX_PORT}" COMPOSER_API_KEY=sandbox-key-id COMPOSER_SECRET_KEY=sandbox-secret
  for _ in $(seq 1 50); do
    curl -s -o /dev/null "http://127.0.0.1:${SANDBOX_PORT}/_sandbox/stats" && break
    kill -0 "$sandbox_pid" 2>/dev/null || { echo "the sandbox failed to start:"; cat .venv/sandbox.log; exit 1; }
    sleep 0.2
  done
  while IFS='=' read -r name value; do
    if [ -z "${!name:-}" ]; then export "$name=$value"; fi  # the sandbox's declared limit, unless set already
  done < <($PY -m sandbox.limits "http://127.0.0.1:${SANDBOX_PORT}")
  export LIVE_INTERVAL_SECONDS=${LIVE_INTERVAL_SECONDS:-60}  # the demo's readings a minute apart
fi

status=0
$PY -m ingest run || status=$?
case $status in
  0) ;;
  1) echo "Ingest published a snapshot but quarantined some symphonies (see above)." ;;
  *) echo "Ingest failed (exit $status); the dashboard serves the last good snapshot, if any." ;;
esac

# intraday readings while the market is open (Composer's market-hours decide; outside them the job
# says so in .venv/live.log and exits); the sandbox stays up for it
$PY -m ingest live > .venv/live.log 2>&1 &
live_pid=$!

echo
echo "Dashboard: http://127.0.0.1:${WEB_PORT}   (Ctrl-C to stop; intraday readings: .venv/live.log)"
.venv/bin/gunicorn webapp.app:server --config gunicorn.conf.py --bind "127.0.0.1:${WEB_PORT}" &
wait $!
