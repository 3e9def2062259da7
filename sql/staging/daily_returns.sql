-- daily_returns: one row per symphony and trading day of live history.
--   daily_return      r_t = deposit-adjusted value_t / deposit-adjusted value_(t-1) - 1, so
--                     deposits and withdrawals never show up as gains or losses; NULL on the
--                     first day (and after a day valued at zero).
--   pnl               dollars earned that day, net of cash flows: value_(t-1) * r_t.
--   net_flow          deposits (+) and withdrawals (-) that day: value_t - value_(t-1) - pnl.
--   benchmark_return  the benchmark's return the same day (getvariable('benchmark_ticker')).
--   return_problem    why daily_return is NULL on a day that has a previous day: a
--                     deposit-adjusted value (that day's or the day before's) outside 0 or
--                     [min_nonzero_dollars, max_dollars] (parameters.sql), or a previous
--                     value of zero; NULL when the return is measured.
--   peak_adjusted     the highest deposit-adjusted value so far in the symphony's history
--   underwater_days   trading days since it was last at that peak (0 on a day at a high), as
--                     underwater() defines it (macros/underwater.sql)
--                     (the two are what series_metrics() needs for the drawdown figures of a
--                     period that starts at the symphony's first day, read instead of recomputed)
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

checked as (
    select
        *,
        case
            when previous_adjusted is null then null
            when not (deposit_adjusted_value = 0 or deposit_adjusted_value between getvariable('min_nonzero_dollars') and getvariable('max_dollars'))
                or not (previous_adjusted = 0 or previous_adjusted between getvariable('min_nonzero_dollars') and getvariable('max_dollars'))
                then 'deposit-adjusted value out of bounds'
            when previous_adjusted = 0 then 'previous value is zero'
        end as return_problem
    from ordered
),

returns as (
    select
        *,
        case when return_problem is null and previous_adjusted > 0 then deposit_adjusted_value / previous_adjusted - 1 end
            as daily_return
    from checked
),

running as (
    select
        *,
        max(deposit_adjusted_value) over to_date as peak_adjusted,
        row_number() over to_date as day_number
    from returns
    window to_date as (partition by symphony_id order by date rows between unbounded preceding and current row)
),

under_water as (
    select
        *,
        day_number - max(case when deposit_adjusted_value >= peak_adjusted then day_number end) over to_date
            as underwater_days
    from running
    window to_date as (partition by symphony_id order by date rows between unbounded preceding and current row)
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
    b.daily_return as benchmark_return,
    r.return_problem,
    r.peak_adjusted,
    r.underwater_days
from under_water as r
left join benchmark_returns as b
    on b.date = r.date and b.ticker = getvariable('benchmark_ticker')
