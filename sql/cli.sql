-- DuckDB CLI bootstrap: every view over the configured lake, from the environment.
--   duckdb -init sql/cli.sql            (run from the repository root; `make duckdb` does this)
-- Reads DATA_URL (default ./data/lake), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
-- AWS_SESSION_TOKEN, AWS_REGION / AWS_DEFAULT_REGION, S3_ENDPOINT_URL (MinIO, moto),
-- METRICS_RISK_FREE_RATE, METRICS_PERIODS_PER_YEAR, BENCHMARK_TICKER, and METRICS_RANGE_START /
-- METRICS_RANGE_END (the report period, YYYY-MM-DD; `set variable range_start = date '2025-01-01'` later
-- changes it in the session).
-- httpfs is loaded from DuckDB's extension directory, where `make` installed it from the
-- duckdb-extension-httpfs wheel (nothing is downloaded).
.output /dev/null
load httpfs;
create or replace secret lake_s3 (
    type s3,
    key_id coalesce(getenv('AWS_ACCESS_KEY_ID'), ''),
    secret coalesce(getenv('AWS_SECRET_ACCESS_KEY'), ''),
    session_token coalesce(getenv('AWS_SESSION_TOKEN'), ''),
    region coalesce(nullif(getenv('AWS_REGION'), ''), nullif(getenv('AWS_DEFAULT_REGION'), ''), 'us-east-1'),
    endpoint coalesce(nullif(regexp_replace(coalesce(getenv('S3_ENDPOINT_URL'), ''), '^https?://|/+$', '', 'g'), ''), 's3.amazonaws.com'),
    url_style case when coalesce(getenv('S3_ENDPOINT_URL'), '') = '' then 'vhost' else 'path' end,
    use_ssl not starts_with(coalesce(getenv('S3_ENDPOINT_URL'), ''), 'http://')
);
set variable data_url = rtrim(coalesce(nullif(getenv('DATA_URL'), ''), './data/lake'), '/');
set variable manifest_url = getvariable('data_url') || '/manifests/latest.json';
set variable risk_free_rate = nullif(getenv('METRICS_RISK_FREE_RATE'), '')::double;
set variable periods_per_year = nullif(getenv('METRICS_PERIODS_PER_YEAR'), '')::integer;
set variable benchmark_ticker = nullif(getenv('BENCHMARK_TICKER'), '');
set variable range_start = nullif(getenv('METRICS_RANGE_START'), '')::date;
set variable range_end = nullif(getenv('METRICS_RANGE_END'), '')::date;
.read sql/000_parameters.sql
.read sql/005_macro_daily_risk_free_rate.sql
.read sql/100_source_manifest.sql
.read sql/101_source_snapshot.sql
.read sql/102_source_quarantined.sql
.read sql/103_source_accounts.sql
.read sql/104_source_symphonies.sql
.read sql/105_source_holdings.sql
.read sql/106_source_daily_values.sql
.read sql/107_source_backtest_values.sql
.read sql/108_source_benchmark_values.sql
.read sql/109_source_backtest_stats.sql
.read sql/110_source_account_values.sql
.read sql/111_source_account_holdings.sql
.read sql/112_source_symphony_versions.sql
.read sql/113_source_activity.sql
.read sql/114_source_order_requests.sql
.read sql/115_source_backtest_rebalances.sql
.read sql/116_source_backtest_allocation_changes.sql
.read sql/150_staging_report_period.sql
.read sql/151_macro_in_report_scope.sql
.read sql/152_macro_period_base_date.sql
.read sql/200_staging_backtest_returns.sql
.read sql/205_staging_benchmark_returns.sql
.read sql/206_macro_drawdown.sql
.read sql/207_macro_return_sums.sql
.read sql/208_macro_combined_sums.sql
.read sql/209_macro_constant_returns.sql
.read sql/210_staging_daily_returns.sql
.read sql/211_staging_symphony_lives.sql
.read sql/214_staging_return_terms.sql
.read sql/216_staging_monthly_sums.sql
.read sql/218_staging_symphony_spans.sql
.read sql/220_staging_returns_in_range.sql
.read sql/230_macro_normal_pdf.sql
.read sql/231_macro_normal_tail.sql
.read sql/232_macro_normal_cdf.sql
.read sql/233_macro_normal_quantile_start.sql
.read sql/234_macro_normal_halley_step.sql
.read sql/235_macro_normal_quantile.sql
.read sql/240_macro_sharpe_dispersion.sql
.read sql/241_macro_sharpe_standard_error.sql
.read sql/242_macro_probabilistic_sharpe.sql
.read sql/243_macro_min_track_record.sql
.read sql/244_macro_expected_max_sharpe.sql
.read sql/245_macro_deflated_sharpe.sql
.read sql/251_macro_underwater.sql
.read sql/252_macro_drawdown_figures.sql
.read sql/253_macro_series_sums.sql
.read sql/254_macro_series_metrics_of_sums.sql
.read sql/255_macro_series_metrics.sql
.read sql/256_macro_account_days.sql
.read sql/257_macro_run_start.sql
.read sql/260_macro_xirr.sql
.read sql/300_intermediate_drawdowns.sql
.read sql/310_intermediate_drawdown_periods.sql
.read sql/400_intermediate_pnl_daily.sql
.read sql/410_intermediate_monthly_returns.sql
.read sql/411_intermediate_yearly_returns.sql
.read sql/420_intermediate_rolling_metrics.sql
.read sql/430_intermediate_correlations.sql
.read sql/440_intermediate_live_vs_backtest.sql
.read sql/490_intermediate_symphony_period_sums.sql
.read sql/500_metrics_symphony_metrics.sql
.read sql/510_intermediate_symphony_returns_since_edit.sql
.read sql/511_metrics_symphony_metrics_since_edit.sql
.read sql/520_metrics_money_weighted_returns.sql
.read sql/530_metrics_backtest_drift.sql
.read sql/531_metrics_backtest_cone.sql
.read sql/549_intermediate_account_history.sql
.read sql/550_intermediate_portfolio_daily.sql
.read sql/551_metrics_portfolio_metrics.sql
.read sql/560_intermediate_account_cash_flows.sql
.read sql/561_metrics_account_money_weighted_returns.sql
-- daily_returns, symphony_lives, return_terms and monthly_sums once, as tables (as the dashboard does): every view
-- reads them, and their windows and sums would otherwise run again for each view in a query
create or replace table memory_daily_returns as from daily_returns;
create or replace view daily_returns as from memory_daily_returns;
create or replace table memory_symphony_lives as from symphony_lives;
create or replace view symphony_lives as from memory_symphony_lives;
create or replace table memory_return_terms as from return_terms;
create or replace view return_terms as from memory_return_terms;
create or replace table memory_monthly_sums as from monthly_sums;
create or replace view monthly_sums as from memory_monthly_sums;
.output
select 'lake: ' || getvariable('data_url') || ' · snapshot ' || run_id || ' · try: from symphony_metrics;' as ready from snapshot;
