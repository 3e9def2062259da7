"""What the shell says above every page about the snapshot itself: what its run set aside."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from webapp.formatting import account_label

REASON_CHARS = 240  # a reason is Composer's or the validator's text; the server log has all of it


def quarantine_notice(frame: pd.DataFrame) -> dbc.Alert | None:
    """A warning listing each symphony or report window the run could not sync, with the reason
    and whether the numbers shown are its last good history; None when nothing was set aside."""
    if frame.empty:
        return None
    items = []
    for row in frame.itertuples(index=False):
        reason = str(row.reason or "no reason recorded")
        reason = reason if len(reason) <= REASON_CHARS else reason[: REASON_CHARS - 1] + "…"
        if isinstance(row.report, str):
            what = f"{row.report} report {row.since:%Y-%m-%d}..{row.until:%Y-%m-%d} of {account_label(None, str(row.account_id))}"
            kept = "fetched again by the next run"
        else:
            what = str(row.name)
            kept = (
                f"showing its history up to snapshot {row.stale_since_run}"
                if row.history_kept and isinstance(row.stale_since_run, str)
                else "not shown: no earlier history to keep"
            )
        items.append(html.Li([html.Strong(what), f": {reason} ({kept})"]))
    title = f"{len(items)} item{'s' if len(items) != 1 else ''} could not be synced in this snapshot"
    return dbc.Alert(
        [html.Details([html.Summary(title), html.Ul(items, className="mb-0 mt-1")])],
        color="warning",
        className="py-2 small",
        id="snapshot-quarantined",
    )
