-- live_vs_backtest
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select * from live_vs_backtest where symphony_id = $symphony_id
