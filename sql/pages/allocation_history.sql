-- allocation_history: what the symphony held each stored day of the report period, one row per
-- day and ticker: its weight among the symphony's holdings (symphony_holdings_history)
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select date, ticker, weight, origin
from symphony_holdings_history
where symphony_id = $symphony_id and ticker is not null
  and date between (select first_day from report_period) and (select last_day from report_period)
order by date, ticker
