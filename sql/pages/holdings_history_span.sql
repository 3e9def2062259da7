-- holdings_history_span: where the symphony's holdings history comes from and what it covers,
-- one row per origin: the days stored and the first and last of them
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select origin, count(distinct date) as days, min(date) as first_day, max(date) as last_day
from symphony_holdings_history
where symphony_id = $symphony_id
group by origin
order by origin
