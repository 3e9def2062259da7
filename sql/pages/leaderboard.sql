-- leaderboard
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select * from symphony_metrics
where days > 0
order by short_history asc nulls last, sharpe desc nulls last, name asc
