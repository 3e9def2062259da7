"""Column definitions of the metrics table: label, format and the definition shown on hover.

Adding a column to `sql/metrics/symphony_metrics.sql` shows it in the table without a change here:
unknown columns get a generic definition (see `columns_for`).
"""

from __future__ import annotations

import settings
from webapp.formatting import probability, show

# the annualization factor the views use (METRICS_PERIODS_PER_YEAR), as the definitions state it
YEAR = settings.value("METRICS_PERIODS_PER_YEAR")
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


# field, header, formatter, definition
SPEC: list[tuple[str, str, dict | None, str]] = [
    (
        "name",
        "Symphony",
        None,
        "Symphony name in Composer. Click a row to chart it; grey italic rows have under 3 months of history, too short for the metrics to mean much.",
    ),
    ("open", "", None, "Open the symphony's strategy page."),
    (
        "trend",
        "Trend",
        None,
        "Growth over the period (about 60 points), in the symphony's colour on every chart; the end dot is green when it ended higher than it started, red when lower.",
    ),
    (
        "status",
        "Status",
        STATUS,
        "Over the symphony's whole history: live, new (under 3 months of returns so far) or liquidated (with its last day).",
    ),
    (
        "last_day_return",
        "Last day",
        PERCENT,
        "Return of the period's last trading day (today's, when the period runs to the latest data); empty for a "
        "symphony with no value that day (liquidated before it).",
    ),
    (
        "last_day_pnl",
        "Last day $",
        DOLLARS,
        "Dollars earned on the period's last trading day, net of deposits; empty for a symphony with no value that day.",
    ),
    ("days", "Days", INTEGER, "Trading days with a return in the period (the close before the first is the base)."),
    (
        "total_return",
        "Total return (cum.)",
        PERCENT,
        "Cumulative: compounded return over the whole period, from deposit-adjusted values (not annualized).",
    ),
    ("cagr", "CAGR (ann.)", PERCENT, f"Annualized return: (1 + total return)^({YEAR} / number of returns) − 1."),
    ("volatility", "Volatility (ann.)", PERCENT, f"Annualized standard deviation of daily returns (sample, × √{YEAR})."),
    (
        "sharpe",
        "Sharpe (ann.)",
        RATIO,
        f"Annualized: mean daily excess return / its sample standard deviation × √{YEAR}; empty when the returns are constant.",
    ),
    (
        "psr",
        "Confidence (PSR)",
        PROBABILITY,
        "Probabilistic Sharpe ratio: the probability that the true Sharpe ratio is above 0, given how many returns "
        "there are and how skewed and fat-tailed they are (Bailey & López de Prado 2012). Few returns give wide "
        "uncertainty: in grey italic rows (under 3 months) do not trust it.",
    ),
    (
        "deflated_sharpe",
        "Deflated (DSR)",
        PROBABILITY,
        "Deflated Sharpe ratio: the same probability after allowing for having picked the best of the N symphonies "
        "in this table (N is stated above it); a high Sharpe that is likely luck of the draw scores low.",
    ),
    (
        "composer_sharpe",
        "Sharpe (Composer, all-time)",
        RATIO,
        "Sharpe ratio as Composer reports it, over the symphony's whole history whatever the period.",
    ),
    (
        "sortino",
        "Sortino (ann.)",
        RATIO,
        f"Annualized: mean excess return × {YEAR} / (downside deviation × √{YEAR}); empty with no down day.",
    ),
    ("max_drawdown", "Max drawdown", PERCENT, "Worst fall from a peak of the compounded wealth curve, within the period."),
    (
        "composer_max_drawdown",
        "Max DD (Composer, all-time)",
        PERCENT,
        "Maximum drawdown as Composer reports it, over the whole history.",
    ),
    (
        "current_drawdown",
        "Current DD (period peak)",
        PERCENT,
        "How far below its highest value within the period the symphony is on the period's last trading day; empty for a "
        "symphony liquidated before it. The drawdown alert measures from the all-time peak instead.",
    ),
    ("calmar", "Calmar (ann.)", RATIO, "CAGR / |max drawdown|: annualized; empty when there was no drawdown."),
    (
        "win_rate",
        "Win rate",
        PERCENT,
        "Up days / days that moved (days with a zero return are left out; Composer counts all days).",
    ),
    ("best_day", "Best day", PERCENT, "Largest daily return in the period."),
    ("worst_day", "Worst day", PERCENT, "Smallest daily return in the period."),
    ("pnl", "PnL", DOLLARS, "Dollars earned over the period, net of deposits and withdrawals."),
    ("beta", "Beta", RATIO, "Sensitivity to the benchmark's daily returns (covariance / benchmark variance)."),
    (
        "alpha",
        "Alpha (ann. mean day)",
        PERCENT,
        f"Annualized from the average day: (1 + mean daily excess return not explained by beta × benchmark)^{YEAR} − 1 "
        "(empyrical's definition). It compounds the average day, CAGR the actual path: for a volatile strategy the "
        "average day is higher than the typical one, so alpha can exceed CAGR without anything being wrong.",
    ),
    (
        "value",
        "Value at end",
        DOLLARS,
        "Dollar value on the period's last trading day (Composer's value today is value_today in the CSV).",
    ),
]
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


def columns_for(fields: list[str]) -> list[dict]:
    """Known columns in their order, then any other column the view returns, as a number."""
    known = [column_def(*spec) for spec in SPEC if spec[0] in fields or spec[0] in DISPLAY_ONLY]
    extra = [
        column_def(f, f.replace("_", " ").capitalize(), RATIO, f"Column '{f}' of symphony_metrics (see its .sql file).")
        for f in extra_fields(fields)
    ]
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
COLUMNS = [column_def(*spec) for spec in SPEC]
