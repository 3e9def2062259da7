-- activity_count: how many rows activity.sql has without its limit, for the grid's caption
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select count(*) as rows
from activity as a
where in_report_scope(a.account_id) and a.date between (select first_day from report_period) and (select last_day from report_period)
