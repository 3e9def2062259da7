-- daily_returns
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select date, daily_return from returns_in_range where symphony_id = $symphony_id and daily_return is not null order by date
