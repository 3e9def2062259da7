-- net_deposits: every symphony's deposits less withdrawals in the period (the base day's value is the money it starts with, not a deposit); a strategy page picks its row
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select r.symphony_id, sum(r.net_flow) filter (where r.date > s.base_date) as net_deposits
from returns_in_range as r
inner join symphony_spans as s on r.symphony_id = s.symphony_id
group by r.symphony_id
