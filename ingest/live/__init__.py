"""`python -m ingest live`: intraday readings in market hours (total-stats and
symphony-stats-meta of each account), appended to the lake's intraday table, and the live alert
rules evaluated after each one. The nightly snapshot stays the source of every period metric."""
