"""What the shell says above every page about the snapshot itself: what its run set aside, and the
strategy page about its symphony's parts that were set aside."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from webapp import ids
from webapp.formatting import account_label

REASON_CHARS = 240  # a reason is Composer's or the validator's text; the server log has all of it


def _reason(text: object) -> str:
    reason = str(text or "no reason recorded")
    return reason if len(reason) <= REASON_CHARS else reason[: REASON_CHARS - 1] + "…"


def kept_what(part: str, part_name: str, history_kept: bool, stale_since_run: object) -> str:
    """What the pages show of a part set aside (`part_name`: the quarantined view's word for it):
    its last good rows, or nothing."""
    if history_kept:
        return (
            f"showing its {part_name} from snapshot {stale_since_run}"
            if isinstance(stale_since_run, str)
            else f"showing its last good {part_name}"
        )
    return "not shown: no earlier history to keep" if part == "live" else f"{part_name} unavailable"


def quarantine_notice(frame: pd.DataFrame) -> dbc.Alert | None:
    """A warning listing each symphony or report window the run could not sync, with the reason
    and whether the numbers shown are its last good history; None when nothing was set aside."""
    if frame.empty:
        return None
    items = []
    for row in frame.itertuples(index=False):
        if isinstance(row.report, str):
            what = f"{row.window_name} {row.since:%Y-%m-%d}..{row.until:%Y-%m-%d} of {account_label(None, str(row.account_id))}"
            kept = "fetched again by the next run"
        else:
            what = f"{row.name}, its {row.part_name}"
            kept = kept_what(row.part, row.part_name, bool(row.history_kept), row.stale_since_run)
        items.append(html.Li([html.Strong(what), f": {_reason(row.reason)} ({kept})"]))
    title = f"{len(items)} item{'s' if len(items) != 1 else ''} could not be synced in this snapshot"
    return dbc.Alert(
        [html.Details([html.Summary(title), html.Ul(items, className="mb-0 mt-1")])],
        color="warning",
        className="py-2 small",
        id=ids.SNAPSHOT_QUARANTINED,
    )


def set_aside_notice(frame: pd.DataFrame) -> dbc.Alert | None:
    """The strategy page's word on its symphony's parts the snapshot's run set aside, where they
    would be: "Backtest unavailable: …", or which snapshot the part shown is from, and why."""
    if frame.empty:
        return None
    lines = []
    for r in frame.itertuples(index=False):
        name = str(r.part_name).capitalize()
        if r.history_kept:
            source = f"snapshot {r.stale_since_run}" if isinstance(r.stale_since_run, str) else "an earlier snapshot"
            title, what = f"{name} from {source}: ", "the sync set the newest aside"
        else:
            title, what = f"{name} unavailable: ", "the sync set it aside"
        lines.append(html.Li([html.Strong(title), f"{what} ({_reason(r.reason)}); the next sync asks Composer again."]))
    return dbc.Alert(html.Ul(lines, className="mb-0 ps-3"), color="warning", className="py-2 small", id=ids.STRATEGY_SET_ASIDE)
