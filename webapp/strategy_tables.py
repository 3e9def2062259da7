"""The strategy page's tables, as QuantStats' tearsheet has them: the worst drawdown episodes and
the yearly returns against the benchmark. Pure builders from the views' frames."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from webapp import ids
from webapp.formatting import probability, show


def _day(value: object) -> str:
    return "—" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def not_recovered(m: dict, period_end: str) -> str:
    """What the Recovery column says of a drawdown still open at the end of what the page shows:
    the symphony was liquidated first, the period ended first, or it is still under water today."""
    if m.get("status") == "liquidated" and m.get("liquidated_on") is not None and m.get("end_date") == m.get("liquidated_on"):
        return "liquidated before recovering"
    if period_end:
        return f"not by {period_end}"
    return "not yet"


PHONE_HIDDEN = "d-none d-sm-table-cell"  # a column a 390 px screen leaves out


def drawdown_table(frame: pd.DataFrame, m: dict, period_end: str = "") -> dbc.Table | html.P:
    """drawdown_periods rows, deepest first: start, trough, recovery, depth, length (on a phone:
    start, recovery, depth and days under water). `period_end`: the period's last day when it
    ends before the snapshot's, else empty (an open drawdown is then still open today)."""
    if frame.empty:
        return html.P("No drawdown in this period.", className="small text-body-secondary")
    open_text = not_recovered(m, period_end)
    columns = (  # header, classes
        ("Start", "text-nowrap"),
        ("Trough", f"text-nowrap {PHONE_HIDDEN}"),
        ("Recovery", ""),
        ("Depth", "text-end"),
        ("Days to trough", f"text-end {PHONE_HIDDEN}"),
        ("Days under water", "text-end"),
    )
    header = html.Thead(html.Tr([html.Th(h, className=c) for h, c in columns]))
    rows = [
        html.Tr(
            [
                html.Td(_day(r.start_date), className=columns[0][1]),
                html.Td(_day(r.trough_date), className=columns[1][1]),
                html.Td(_day(r.recovery_date), className="text-nowrap")
                if not pd.isna(r.recovery_date)
                else html.Td(open_text, className="fst-italic"),
                html.Td(show(r.depth, "{:.1%}"), className="text-end text-danger"),
                html.Td(show(r.days_to_trough, "{:,.0f}"), className=columns[4][1]),
                html.Td(show(r.days_under_water, "{:,.0f}"), className="text-end"),
            ]
        )
        for r in frame.itertuples()
    ]
    return dbc.Table([header, html.Tbody(rows)], size="sm", hover=True, id=ids.STRATEGY_DRAWDOWNS)


def yearly_table(frame: pd.DataFrame, benchmark: str) -> dbc.Table | html.P:
    """yearly_returns rows: the symphony's return, the benchmark's over the same days, the gap."""
    if frame.empty:
        return html.P("No full day of returns in this period.", className="small text-body-secondary")
    header = html.Thead(
        html.Tr(
            [
                html.Th("Year"),
                html.Th("Return", className="text-end", title="compounded over the year's trading days in the period"),
                html.Th(benchmark, className="text-end", title="the benchmark's return over the same days"),
                html.Th(
                    "Difference", className="text-end", title="the symphony's return minus the benchmark's, in percentage points"
                ),
                html.Th("Days", className="text-end", title="trading days with a return"),
            ]
        )
    )
    rows = []
    for r in frame.itertuples():
        gap = r.period_return - r.benchmark_return if not pd.isna(r.benchmark_return) else None
        colour = "" if gap is None else ("text-success" if gap >= 0 else "text-danger")
        rows.append(
            html.Tr(
                [
                    html.Td(str(r.year)),
                    html.Td(show(r.period_return, "{:.1%}"), className="text-end"),
                    html.Td(show(r.benchmark_return, "{:.1%}"), className="text-end"),
                    html.Td(show(None if gap is None else 100 * gap, "{:+.1f} pts"), className=f"text-end text-nowrap {colour}"),
                    html.Td(show(r.trading_days, "{:,.0f}"), className="text-end"),
                ]
            )
        )
    return html.Div(
        [
            dbc.Table([header, html.Tbody(rows)], size="sm", hover=True, id=ids.STRATEGY_YEARLY),
            html.P(
                "Each year's return compounded over its trading days in the period (cumulative within the year, not "
                "annualized); the difference is in percentage points.",
                className="small text-body-secondary",
            ),
        ]
    )


def _line(label: str, text: str, hint: str, id_: str) -> html.Div:
    return html.Div([html.Span(f"{label}: ", className="fw-semibold", title=hint), html.Span(text)], id=id_, className="mb-1")


def track_record_text(m: dict) -> str:
    """'significant at 95%' or 'needs ~N more trading days' (from min_track_record_days)."""
    needed, days = m.get("min_track_record_days"), m.get("days") or 0
    if m.get("psr") is None:
        return f"not measurable ({m.get('statistics_note') or 'no Sharpe ratio'})"
    if needed is None or pd.isna(needed):
        return "the Sharpe ratio is not above 0: no track record would make it significant"
    if days >= needed:
        return f"significant at 95% ({days} trading days, {needed:,.0f} needed)"
    return f"needs ~{needed - days:,.0f} more trading days ({days} so far, {needed:,.0f} needed for 95%)"


def skill_or_luck(m: dict, drift: dict) -> html.Div:
    """The statistics a trader weighs a Sharpe ratio and a live-vs-backtest gap with (definitions
    in sql/macros/sharpe_statistics.sql and sql/metrics/backtest_drift.sql)."""
    pct = "{:.1%}"
    lines = [
        _line(
            "Confidence the Sharpe ratio is real (PSR)",
            probability(m.get("psr"))
            + ("" if m.get("psr") is not None else f" ({m.get('statistics_note') or 'no Sharpe ratio'})"),
            "probability that the true Sharpe ratio is above 0, given the number of returns and their skew and fat tails",
            "strategy-psr",
        ),
        _line(
            "Sharpe ratio, 95% interval",
            f"{show(m.get('sharpe_ci_low'), '{:.2f}')} to {show(m.get('sharpe_ci_high'), '{:.2f}')} (annualized)",
            "the Sharpe ratio plus or minus 1.96 standard errors; the standard error grows with skew and fat tails",
            "strategy-sharpe-interval",
        ),
        _line(
            "Track record",
            track_record_text(m),
            "minimum track record length: the returns needed for the probabilistic Sharpe ratio to reach 95%",
            "strategy-track-record",
        ),
        _line(
            f"Deflated (DSR, N = {m.get('versions') or 1} saved version{'s' if (m.get('versions') or 1) != 1 else ''})",
            probability(m.get("deflated_sharpe_versions")),
            "the probability after allowing for each edit being a new try; Composer gives no result per version, so the "
            "spread of Sharpe ratios across tries is taken from the account's symphonies",
            "strategy-dsr",
        ),
    ]
    if drift.get("days"):
        t = drift.get("hac_t_stat")
        verdict = drift.get("verdict") or drift.get("note") or "—"
        lines.append(
            _line(
                f"Live vs backtest since {_day(drift.get('first_day'))} ({drift['days']} days)",
                f"{verdict}: live {show(drift.get('mean_gap'), '{:+.3%}')} a day against the backtest "
                f"(≈{show(drift.get('annual_gap'), '{:+.1%}')} a year), "
                f"t = {show(t, '{:.2f}')} (Newey–West, {drift.get('hac_lags')} lags), "
                f"tracking error {show(drift.get('tracking_error'), pct)}, correlation {show(drift.get('correlation'), '{:.2f}')}",
                "the daily gap live − backtest since the last edit; its mean is tested against 0 with a t-statistic "
                "robust to autocorrelation; 'drifting' when |t| is above 1.96",
                "strategy-drift",
            )
        )
    return html.Div([html.H5("Skill or luck", className="mt-3 mb-2"), *lines], className="small", id=ids.STRATEGY_SKILL)
