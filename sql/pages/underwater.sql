-- underwater
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select date, drawdown from drawdowns where symphony_id = $symphony_id order by date
