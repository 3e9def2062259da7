"""The strategy page's tables, as QuantStats' tearsheet has them: the worst drawdown episodes and
the yearly returns against the benchmark. Pure builders from the views' frames."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from webapp.formatting import probability, show


def _day(value: object) -> str:
    return "—" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def drawdown_table(frame: pd.DataFrame) -> dbc.Table | html.P:
    """drawdown_periods rows, deepest first: start, trough, recovery, depth, length."""
    if frame.empty:
        return html.P("No drawdown in this period.", className="small text-body-secondary")
    header = html.Thead(
        html.Tr([html.Th(h) for h in ("Start", "Trough", "Recovery", "Depth", "Days to trough", "Days under water")])
    )
    rows = [
        html.Tr(
            [
                html.Td(_day(r.start_date)),
                html.Td(_day(r.trough_date)),
                html.Td(_day(r.recovery_date) if not pd.isna(r.recovery_date) else "not yet"),
                html.Td(show(r.depth, "{:.1%}"), className="text-end text-danger"),
                html.Td(show(r.days_to_trough, "{:,.0f}"), className="text-end"),
                html.Td(show(r.days_under_water, "{:,.0f}"), className="text-end"),
            ]
        )
        for r in frame.itertuples()
    ]
    return dbc.Table([header, html.Tbody(rows)], size="sm", hover=True, responsive=True, id="strategy-drawdowns")


def yearly_table(frame: pd.DataFrame, benchmark: str) -> dbc.Table | html.P:
    """yearly_returns rows: the symphony's return, the benchmark's over the same days, the gap."""
    if frame.empty:
        return html.P("No full day of returns in this period.", className="small text-body-secondary")
    header = html.Thead(html.Tr([html.Th(h) for h in ("Year", "Return", benchmark, "Difference", "Trading days")]))
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
                    html.Td(show(gap, "{:+.1%}"), className=f"text-end {colour}"),
                    html.Td(show(r.trading_days, "{:,.0f}"), className="text-end"),
                ]
            )
        )
    return dbc.Table([header, html.Tbody(rows)], size="sm", hover=True, responsive=True, id="strategy-yearly")


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
    in sql/240_macro_sharpe_dispersion.sql and sql/530_metrics_backtest_drift.sql)."""
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
    return html.Div([html.H5("Skill or luck", className="mt-3 mb-2"), *lines], className="small", id="strategy-skill")
