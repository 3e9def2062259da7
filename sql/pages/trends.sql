-- trends: each symphony's wealth over the period, thinned to about 60 points (always keeping the last day) for the leaderboard's trend column
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
with days as (
    select symphony_id, date, wealth, day_number, count(*) over (partition by symphony_id) as n
    from drawdowns
)
select symphony_id, list(round(wealth, 5) order by date) as trend
from days
where (n - day_number) % greatest(1, n // 60) = 0
group by symphony_id
