-- compare_equity: growth of 1 from the first day every picked symphony was live, and their drawdowns
-- parameters: $symphony_ids; the report period and account come from the report_period view (staging/report_period.sql)
with picked as (
    select symphony_id, date, wealth from drawdowns where list_contains($symphony_ids, symphony_id)
),
common as (
    select max(first_day) as start from (select min(date) as first_day from picked group by symphony_id) as firsts
)
select symphony_id, date, wealth / first_value(wealth) over (partition by symphony_id order by date) as growth
from picked, common
where date >= common.start
order by symphony_id, date
