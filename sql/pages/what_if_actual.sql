-- what_if_actual: the actual portfolio (every symphony of the account in the period, deposit-adjusted) over the blend's days, rebased to 1 on the blend's base day
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
with actual as (
    select date, sum(pnl) / nullif(sum(value - pnl - net_flow) filter (where daily_return is not null), 0) as r
    from returns_in_range
    group by date
)
select b.date,
    product(1 + coalesce(case when b.date > (select min(date) from what_if_blend) then a.r end, 0))
        over (order by b.date rows between unbounded preceding and current row) as growth
from what_if_blend as b left join actual as a on a.date = b.date
order by b.date
