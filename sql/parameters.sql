-- Parameters every view reads, as DuckDB variables. A value set before this file runs wins
-- (the Python side sets them from the environment, sql/cli.sql from getenv()).
--   risk_free_rate    annual risk-free rate as a fraction (0.04 = 4%); converted per day as
--                     (1 + rf)^(1 / periods_per_year) - 1. Default 0.
--   periods_per_year  trading days in a year, for annualizing. Default 252.
--   benchmark_ticker  the series beta, alpha and the benchmark lines use. Default SPY.
--   short_history_days  fewer trading days than this and a metric is flagged as short. Default 63.
set variable risk_free_rate = coalesce(getvariable('risk_free_rate'), 0.0)::double;
set variable periods_per_year = coalesce(getvariable('periods_per_year'), 252)::integer;
set variable benchmark_ticker = coalesce(getvariable('benchmark_ticker'), 'SPY')::varchar;
set variable short_history_days = coalesce(getvariable('short_history_days'), 63)::integer;
-- constant_returns_tolerance: returns whose daily standard deviation is under this fraction of
-- their mean are constant: no Sharpe, Sortino or psr (macros/constant_returns.sql). 1e-3.
set variable constant_returns_tolerance = coalesce(getvariable('constant_returns_tolerance'), 1e-3)::double;
-- max_dollars / min_nonzero_dollars: a deposit-adjusted value outside 0 or [min, max] is a
-- broken record, not a market move: the day's return is NULL (daily_returns.return_problem says
-- why) instead of overflowing every variance. Ingest refuses such values before they reach the
-- lake (ingest/normalize/fields.py, the same bounds); these guard lakes written by anything else.
set variable max_dollars = coalesce(getvariable('max_dollars'), 1e12)::double;
set variable min_nonzero_dollars = coalesce(getvariable('min_nonzero_dollars'), 1e-6)::double;
-- rolling_window_short / _medium / _long: window lengths of rolling_metrics, in returns.
set variable rolling_window_short = coalesce(getvariable('rolling_window_short'), 63)::integer;
set variable rolling_window_medium = coalesce(getvariable('rolling_window_medium'), 126)::integer;
set variable rolling_window_long = coalesce(getvariable('rolling_window_long'), 252)::integer;
-- range_start / range_end: the report period, as dates; NULL (the default) leaves that side
-- open. Every metric view measures the days in [range_start, range_end]: the close of the last
-- trading day before range_start is the base value, so the first return in the period is the
-- one dated range_start (like a year-to-date return that starts from last year's close).
--   set variable range_start = date '2025-01-01';   -- then: from symphony_metrics;
set variable range_start = getvariable('range_start')::date;
set variable range_end = getvariable('range_end')::date;
-- account_scope: the one account every view and page query measures (an account_id of the
-- accounts table); NULL (the default) measures every account of the login.
--   set variable account_scope = 'a1b2...';   -- then: from portfolio_metrics;
set variable account_scope = getvariable('account_scope')::varchar;
-- psr_benchmark_sharpe: the Sharpe ratio the probabilistic Sharpe ratio (psr) measures against,
-- PER PERIOD (per trading day: an annual 1.0 is 1.0 / sqrt(252) = 0.063). Default 0.
-- psr_confidence: the confidence of min_track_record_days (one-sided) and of the Sharpe ratio's
-- interval sharpe_ci_low / sharpe_ci_high (two-sided). Default 0.95.
set variable psr_benchmark_sharpe = coalesce(getvariable('psr_benchmark_sharpe'), 0.0)::double;
set variable psr_confidence = coalesce(getvariable('psr_confidence'), 0.95)::double;
-- live_now: the moment the live views (live_today) measure a reading's age and the session from;
-- NULL (the default) is now(). The dashboard sets it from its clock.
set variable live_now = getvariable('live_now')::timestamptz;
