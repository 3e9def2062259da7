-- drawdown_episodes
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select * from drawdown_periods where symphony_id = $symphony_id and depth < 0 order by depth limit 5
