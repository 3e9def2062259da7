"""The metrics table's columns: label and format here; the definition shown on hover is the
column's comment in `sql/metrics/symphony_metrics.sql` (`definitions`), the one place it is
written (the README's metric table is `python -m webapp.metric_columns`).

Adding a column to `sql/metrics/symphony_metrics.sql` shows it in the table without a change here:
an unknown column is shown as a number under its own name, with its comment on hover.
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Mapping

import settings
from sql.duck import SQL_DIR
from webapp.formatting import probability, show

METRICS_VIEW = SQL_DIR / "metrics" / "symphony_metrics.sql"
_COMMENT = re.compile(r"^comment on column symphony_metrics\.(\w+) is '((?:[^']|'')*)';$", re.M)
PERCENT = {"function": "params.value == null ? '—' : d3.format('.2%')(params.value)"}
RATIO = {"function": "params.value == null ? '—' : d3.format('.2f')(params.value)"}
DOLLARS = {"function": "params.value == null ? '—' : d3.format('$,.0f')(params.value)"}
INTEGER = {"function": "params.value == null ? '—' : d3.format(',d')(params.value)"}
# a probability at two places that never reads as certain (formatting.probability(value, 2))
PROBABILITY = {
    "function": "params.value == null ? '—' : params.value >= 0.99995 ? '>99.99%'"
    " : params.value < 0.00005 ? '<0.01%' : d3.format('.2%')(params.value)"
}
# (dash-ag-grid evaluates these with a restricted parser: no global functions such as String())
STATUS = {
    "function": "params.value === 'liquidated' && params.data.liquidated_on"
    " ? 'liquidated ' + params.data.liquidated_on.slice(0, 10) : (params.value || '—')"
}


def python_text(formatter: dict | None, value: object) -> str:
    """A value written the way the table's formatter writes it (for pages that show the same
    columns outside the grid)."""
    if formatter is PROBABILITY:
        return probability(value, 2)
    return show(value, python_format(formatter))


def python_format(formatter: dict | None) -> str:
    """The str.format pattern of a formatter other than PROBABILITY (python_text writes that)."""
    for known, pattern in ((PERCENT, "{:.2%}"), (DOLLARS, "${:,.0f}"), (INTEGER, "{:,.0f}"), (STATUS, "{}")):
        if formatter is known:
            return pattern
    return "{:,.2f}"


# field, header, formatter: what each column of the leaderboard is called and how it is written;
# what it measures is its comment in sql/metrics/symphony_metrics.sql (see `definitions`)
SPEC: list[tuple[str, str, dict | None]] = [
    ("name", "Symphony", None),
    ("open", "", None),
    ("trend", "Trend", None),
    ("status", "Status", STATUS),
    ("last_day_return", "Last day", PERCENT),
    ("last_day_pnl", "Last day $", DOLLARS),
    ("days", "Days", INTEGER),
    ("total_return", "Total return (cum.)", PERCENT),
    ("cagr", "CAGR (ann.)", PERCENT),
    ("volatility", "Volatility (ann.)", PERCENT),
    ("sharpe", "Sharpe (ann.)", RATIO),
    ("psr", "Confidence (PSR)", PROBABILITY),
    ("deflated_sharpe", "Deflated (DSR)", PROBABILITY),
    ("composer_sharpe", "Sharpe (Composer, all-time)", RATIO),
    ("sortino", "Sortino (ann.)", RATIO),
    ("max_drawdown", "Max drawdown", PERCENT),
    ("composer_max_drawdown", "Max DD (Composer, all-time)", PERCENT),
    ("current_drawdown", "Current DD (period peak)", PERCENT),
    ("calmar", "Calmar (ann.)", RATIO),
    ("win_rate", "Win rate", PERCENT),
    ("best_day", "Best day", PERCENT),
    ("worst_day", "Worst day", PERCENT),
    ("pnl", "PnL", DOLLARS),
    ("beta", "Beta", RATIO),
    ("alpha", "Alpha (ann. mean day)", PERCENT),
    ("value", "Value at end", DOLLARS),
]
# how to use what the page adds to a column (its help, not what the number measures)
PAGE_HELP = {
    "name": "Symphony name in Composer. Click a row to chart it; grey italic rows have under 3 months of history, too short for the metrics to mean much.",
    "open": "Open the symphony's strategy page.",
    "trend": "Growth over the period (about 60 points), in the symphony's colour on every chart; the end dot is green when it ended higher than it started, red when lower.",
}

# annualized figures: over fewer than short_history_days returns (short_history) each is marked with
# SHORT_MARK in the grid and on the pages, as too short to mean much
ANNUALIZED = ("cagr", "volatility", "sharpe", "sortino", "calmar", "alpha")
SHORT_MARK = "⚠"
SHORT_NOTE = f"{SHORT_MARK} annualized from under 3 months of returns: too short to mean much"
# coloured green above zero and red below
SIGNED = {"total_return", "cagr", "sharpe", "sortino", "calmar", "pnl", "alpha", "last_day_return", "last_day_pnl"}
# shown in bold red from these depths on
DEEP = {"max_drawdown": -0.3, "current_drawdown": -0.2, "worst_day": -0.1}
HIDDEN = {
    "symphony_id",
    "account_id",
    "start_date",
    "end_date",
    "base_date",
    "value_today",
    "liquidated_on",
    "inception_date",
    "net_deposits",
    "composer_annualized_return",
    "short_history",
    "max_drawdown_days",
    "sharpe_per_period",
    "skewness",
    "kurtosis",
    "sharpe_ci_low",
    "sharpe_ci_high",
    "min_track_record_days",
    "statistics_note",
    "trials",
    "versions",
    "deflated_sharpe_versions",
    "current_drawdown_all_time",
    "period_last_day",
}


def definitions(comments: Mapping[str, str | None], periods_per_year: int) -> dict[str, str]:
    """What each column measures, from the view's column comments (DuckDB's `duckdb_columns()`,
    or `comments_in_file()`), with the annualization factor the views use filled in."""
    factor = str(periods_per_year)
    return {field: text.replace("{periods_per_year}", factor) for field, text in comments.items() if text}


def comments_in_file(path: pathlib.Path = METRICS_VIEW) -> dict[str, str]:
    """The column comments of the metrics view file, as written."""
    return {field: text.replace("''", "'") for field, text in _COMMENT.findall(path.read_text())}


def default_definitions() -> dict[str, str]:
    """The definitions as the repository's view file and METRICS_PERIODS_PER_YEAR give them."""
    return definitions(comments_in_file(), settings.value("METRICS_PERIODS_PER_YEAR"))


def column_def(field: str, header: str, formatter: dict | None, definition: str) -> dict:
    column = {"field": field, "headerName": header, "headerTooltip": definition}
    if formatter:
        column |= {"valueFormatter": formatter, "type": "rightAligned", "filter": "agNumberColumnFilter"}
        column["useValueFormatterForExport"] = False  # the CSV keeps every digit, not "12.34%"
    if field in SIGNED:
        column["cellClassRules"] = {"text-success": "params.value > 0", "text-danger": "params.value < 0"}
    if field in ("max_drawdown", "current_drawdown", "worst_day"):
        column["cellClassRules"] = {"text-danger fw-semibold": f"params.value <= {DEEP[field]}"}
    if field in ANNUALIZED:
        # marked when the row's history is short (the ⚠ is drawn by theme.css after the value)
        column["cellClassRules"] = column.get("cellClassRules", {}) | {"short-annualized": "params.data.short_history"}
    if field == "status":  # text, not a number
        column |= {"type": None, "filter": "agTextColumnFilter", "minWidth": 100}
        column.pop("type")
    if field == "name":
        column |= {"pinned": "left", "minWidth": 130, "maxWidth": 280, "tooltipField": "name"}
    if field == "open":
        column |= {"cellRenderer": "markdown", "sortable": False, "filter": False, "minWidth": 80, "maxWidth": 90}
    if field == "trend":
        column |= {"cellRenderer": "Sparkline", "sortable": False, "filter": False, "minWidth": 110, "maxWidth": 120}
    return column


def columns_for(fields: list[str], measures: Mapping[str, str]) -> list[dict]:
    """Known columns in their order, then any other column the view returns, as a number; each
    with what it measures (`definitions`) on hover."""
    known = [column_def(*spec, _help(spec[0], measures)) for spec in SPEC if spec[0] in fields or spec[0] in DISPLAY_ONLY]
    extra = [column_def(f, f.replace("_", " ").capitalize(), RATIO, _help(f, measures)) for f in extra_fields(fields)]
    # hidden columns still exist in the grid, so the CSV download can include them
    hidden = [{"field": f, "headerName": f, "hide": True} for f in fields if f in HIDDEN]
    return known + extra + hidden


def csv_columns(fields: list[str]) -> list[str]:
    """The CSV holds every column of the view (ids and dates too), not the link or the trend."""
    return [f for f in fields if f not in DISPLAY_ONLY]


def extra_fields(fields) -> list[str]:
    """Columns the view returns that this module does not know (shown as numbers)."""
    return [f for f in fields if f not in HIDDEN and f not in {spec[0] for spec in SPEC}]


DISPLAY_ONLY = {"open", "trend"}  # made by the page, not columns of the view


def _help(field: str, measures: Mapping[str, str]) -> str:
    return (
        PAGE_HELP.get(field)
        or measures.get(field)
        or f"Column '{field}' of symphony_metrics (it has no comment in its .sql file)."
    )


COLUMNS = [column_def(*spec, PAGE_HELP.get(spec[0], "")) for spec in SPEC]  # before the snapshot's definitions are read


def markdown_table() -> str:
    """The README's table of what every column of symphony_metrics measures."""
    headers = {field: header for field, header, _ in SPEC}
    rows = [
        f"| `{field}` | {headers.get(field, '')} | {text.replace('|', '∣')} |" for field, text in default_definitions().items()
    ]
    return "\n".join(["| column | header on the pages | what it measures |", "|---|---|---|", *rows])


if __name__ == "__main__":
    print(markdown_table())
