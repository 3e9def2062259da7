-- backtest_drift: live against backtest since the last edit: Newey-West test of the daily gap (metrics/backtest_drift.sql)
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select * from backtest_drift where symphony_id = $symphony_id
