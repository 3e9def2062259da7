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
.read sql/views.sql
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
.read sql/cli_live.sql
.output
select 'lake: ' || getvariable('data_url') || ' · snapshot ' || run_id || ' · try: from symphony_metrics;' as ready from snapshot;
