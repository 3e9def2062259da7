-- holdings: what Composer last reported the symphony holding (for a liquidated one: what an earlier sync saw before it was sold), with the day of that report
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select ticker, allocation, quantity, price, value, as_of from holdings where symphony_id = $symphony_id order by value desc nulls last
