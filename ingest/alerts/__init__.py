"""Alerts: rules in `sql/alerts/*.sql` evaluated on the published snapshot (rules.py), their
state and history kept in the lake (state.py), messages worded (messages.py) and delivered through
Apprise (delivery.py), tied together after each sync or from the command line (runner.py)."""
