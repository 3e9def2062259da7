-- contributions: top contributors' cumulative PnL over the period (the rest summed as "Others"), for the stacked chart: daily PnL summed per label, then accumulated (a liquidated symphony's PnL stays in the total after its last day)
-- parameters: $top; the report period and account come from the report_period view (staging/report_period.sql)
with totals as (
    select symphony_id, sum(pnl) as total from returns_in_range group by symphony_id
),
ranked as (
    select symphony_id, row_number() over (order by abs(total) desc, symphony_id) as rank from totals
),
daily as (
    select case when r.rank <= $top then y.name else 'Others' end as label,
           case when r.rank <= $top then y.symphony_id end as symphony_id, p.date, sum(p.pnl) as pnl
    from returns_in_range as p
    inner join ranked as r using (symphony_id)
    inner join symphonies as y using (symphony_id)
    group by all
)
select label, symphony_id, date,
       sum(pnl) over (partition by label, symphony_id order by date rows between unbounded preceding and current row) as cumulative_pnl
from daily
order by label, date
