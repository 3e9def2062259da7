-- rolling
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select date, window_days, sharpe, volatility from rolling_metrics where symphony_id = $symphony_id order by window_days, date
