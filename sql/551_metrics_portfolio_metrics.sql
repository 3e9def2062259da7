-- portfolio_metrics: series_metrics() of portfolio_daily, one row per account (columns as in
-- symphony_metrics; definitions in 252_macro_series_metrics.sql).
create or replace view portfolio_metrics as
select
    series_id as account_id,
    * exclude (series_id),
    days < getvariable('short_history_days') as short_history
from series_metrics('
    select
        account_id as series_id, date, deposit_adjusted_value, daily_return, benchmark_return, pnl,
        null::double as peak_adjusted, null::bigint as underwater_days, false as from_start
    from portfolio_daily')
