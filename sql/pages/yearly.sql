-- yearly
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select year, period_return, benchmark_return, trading_days from yearly_returns where symphony_id = $symphony_id order by year
