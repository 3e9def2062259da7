-- backtest_drift: live against backtest since the last edit: Newey-West test of the daily gap (530_metrics_backtest_drift.sql)
-- parameters: $symphony_id; the report period and account come from the report_period view (150_staging_report_period.sql)
select * from backtest_drift where symphony_id = $symphony_id
