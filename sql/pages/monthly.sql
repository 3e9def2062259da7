-- monthly
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select month, period_return from monthly_returns where symphony_id = $symphony_id order by month
