-- what_if_blend: a blend of symphonies rebalanced daily to the weights in the temp table what_if_weights, over the days every weighted symphony has a return; the day before the first is the base. Loaded as the temp view what_if_blend of the cursor that holds the weights
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
with weights as (select symphony_id, weight from what_if_weights where weight > 0),
picked as (
    select d.date, d.daily_return, d.benchmark_return, w.weight
    from returns_in_range as d inner join weights as w using (symphony_id)
    where d.daily_return is not null
),
common as (select date from picked group by date having count(*) = (select count(*) from weights)),
blended as (
    select p.date, sum(p.weight * p.daily_return) / sum(p.weight) as daily_return, any_value(p.benchmark_return) as benchmark_return
    from picked as p inner join common using (date)
    group by p.date
),
with_base as (
    select (min(date) - interval 1 day)::date as date, null::double as daily_return, null::double as benchmark_return from blended
    union all select date, daily_return, benchmark_return from blended
)
select 'blend' as series_id, date,
    1000 * product(1 + coalesce(daily_return, 0)) over (order by date rows between unbounded preceding and current row) as deposit_adjusted_value,
    daily_return, benchmark_return, 0.0 as pnl,
    null::double as peak_adjusted, null::bigint as underwater_days, false as from_start
from with_base
where date is not null
