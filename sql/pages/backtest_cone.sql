-- backtest_cone: the backtest's daily log returns before the symphony went live, for the cone around live growth
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select * from backtest_cone where symphony_id = $symphony_id
