-- return_terms: daily_returns in the shape return_sums() (macros/return_sums.sql) adds up, one
-- row per symphony and trading day, stored in month order so that a query for a few months' days
-- reads only their blocks (the dashboard copies it into a table once per snapshot).
--   month             the first day of the day's calendar month
--   value             the symphony's dollar value that day (daily_returns.value)
--   shift             the symphony's mean daily return over its whole history, and
--   benchmark_shift   the benchmark's mean return on the same days: the constants its moment
--                     sums are taken about
--   running_drawdown  drawdown from its all-history peak (daily_returns.peak_adjusted)
create or replace view return_terms as
with shifts as (
    select
        symphony_id,
        avg(daily_return) as shift,
        avg(benchmark_return) filter (where daily_return is not null) as benchmark_shift
    from daily_returns
    group by symphony_id
)

select
    d.symphony_id,
    date_trunc('month', d.date)::date as month,
    d.date,
    d.value,
    d.daily_return,
    d.benchmark_return,
    d.pnl,
    s.shift,
    s.benchmark_shift,
    drawdown(d.deposit_adjusted_value, d.peak_adjusted) as running_drawdown,
    d.underwater_days
from daily_returns as d
inner join shifts as s on s.symphony_id = d.symphony_id
order by month, d.symphony_id, d.date
