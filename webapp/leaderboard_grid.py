"""The overview's leaderboard grid: one row per symphony, ticks to compare, definitions on the
headers (pure: the page fills its columns and rows)."""

from __future__ import annotations

import dash_ag_grid as dag

from webapp import ids
from webapp.metric_columns import COLUMNS

# beside the name, what a phone shows without scrolling: two of these (today's live move first,
# when the page has it)
PHONE_COLUMNS = ("live_today_change", "total_return", "sharpe")
PHONE_FIT = 2


def grid() -> dag.AgGrid:
    """The leaderboard: one row per symphony, ticks to compare, definitions on the headers."""
    return dag.AgGrid(
        id=ids.OVERVIEW_GRID,
        columnDefs=COLUMNS,
        rowData=[],
        getRowId="params.data.symphony_id",
        # headers wrap rather than clip when a phone narrows a column (assets/grid_phone.js)
        defaultColDef={
            "sortable": True,
            "filter": True,
            "resizable": True,
            "minWidth": 64,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        dashGridOptions={
            "tooltipShowDelay": 200,
            "animateRows": False,
            "suppressColumnMoveAnimation": True,  # a phone's key columns move into place at once (grid_phone.js)
            "suppressColumnVirtualisation": True,
            "rowSelection": {"mode": "multiRow", "enableClickSelection": False},
            "selectionColumnDef": {"pinned": "left", "width": 44, "maxWidth": 44, "suppressHeaderMenuButton": True},
        },
        rowClassRules={"text-body-secondary fst-italic": "params.data.short_history"},
        columnSize="autoSize",
        style={"height": "460px"},
        className="ag-theme-alpine",
    )
