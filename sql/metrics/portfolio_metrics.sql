-- portfolio_metrics: series_metrics() of portfolio_daily, one row per account (columns as in
-- symphony_metrics; definitions in macros/series_metrics_of_sums.sql).
--   current_drawdown           from the account's highest value inside the period
--   current_drawdown_all_time  on the period's last day, from the highest value of the account's
--                              whole history before it (account_history): what the account cards
--                              and the drawdown alert show
create or replace view portfolio_metrics as
with all_time as (
    select
        account_id,
        drawdown(arg_max(deposit_adjusted_value, date), max(deposit_adjusted_value)) as current_drawdown_all_time
    from account_history
    group by account_id
)

select
    m.series_id as account_id,
    m.* exclude (series_id),
    m.days < getvariable('short_history_days') as short_history,
    a.current_drawdown_all_time
from series_metrics('
    select
        account_id as series_id, date, deposit_adjusted_value, daily_return, benchmark_return, pnl,
        null::double as peak_adjusted, null::bigint as underwater_days, false as from_start
    from portfolio_daily') as m
left join all_time as a on a.account_id = m.series_id
