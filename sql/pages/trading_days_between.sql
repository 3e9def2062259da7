-- trading_days_between: trading days of the snapshot inside [?, ?] (a weekend or a future period has none)
-- parameters: $first_day, $last_day; the report period and account come from the report_period view (staging/report_period.sql)
select count(distinct date) as days from daily_returns where date between $first_day and $last_day
