-- what_if_candidates: every symphony of the account with a return in the period, today's holdings first
-- parameters: $row_limit; the report period and account come from the report_period view (staging/report_period.sql)
select y.symphony_id, y.name, coalesce(y.value, 0) as value
from symphonies as y
where in_report_scope(y.account_id) and y.symphony_id in (select symphony_id from returns_in_range where daily_return is not null)
order by coalesce(y.value, 0) desc, lower(y.name)
limit $row_limit
