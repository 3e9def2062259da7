-- data_span
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select min(date)::timestamp as first_day, max(date)::timestamp as last_day from daily_returns
