-- turnover: the symphony's monthly turnover (symphony_turnover) for the calendar months the
-- report period touches; a month at either end counts its whole month, not only the period's days
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select month, bought, sold, traded, average_value, turnover
from symphony_turnover
where symphony_id = $symphony_id
  and month between date_trunc('month', (select greatest(first_day, '1970-01-01'::date) from report_period))
  and (select last_day from report_period)
order by month
