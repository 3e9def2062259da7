-- worst_drawdowns
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select * from drawdown_periods where symphony_id = $symphony_id order by depth limit 3
