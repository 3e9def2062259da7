-- daily_returns: one row per symphony and trading day of live history.
--   daily_return      r_t = deposit-adjusted value_t / deposit-adjusted value_(t-1) - 1, so
--                     deposits and withdrawals never show up as gains or losses; NULL on the
--                     first day (and after a day valued at zero).
--   pnl               dollars earned that day, net of cash flows: value_(t-1) * r_t.
--   net_flow          deposits (+) and withdrawals (-) that day: value_t - value_(t-1) - pnl.
--   benchmark_return  the benchmark's return the same day (getvariable('benchmark_ticker')).
create or replace view daily_returns as
with ordered as (
    select
        account_id,
        symphony_id,
        date,
        value,
        deposit_adjusted_value,
        lag(value) over by_day as previous_value,
        lag(deposit_adjusted_value) over by_day as previous_adjusted
    from daily_values
    window by_day as (partition by symphony_id order by date)
),

returns as (
    select
        *,
        case when previous_adjusted > 0 then deposit_adjusted_value / previous_adjusted - 1 end as daily_return
    from ordered
)

select
    r.account_id,
    r.symphony_id,
    r.date,
    r.value,
    r.deposit_adjusted_value,
    r.daily_return,
    coalesce(r.previous_value * r.daily_return, 0) as pnl,
    coalesce(r.value - r.previous_value - r.previous_value * r.daily_return, r.value) as net_flow,
    b.daily_return as benchmark_return
from returns as r
left join benchmark_returns as b
    on b.date = r.date and b.ticker = getvariable('benchmark_ticker')
