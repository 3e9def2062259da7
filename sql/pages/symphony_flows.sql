-- symphony_flows: a symphony's money-weighted return over the period and the deposits less withdrawals in it (the base day's value is the money it starts with, not a deposit)
-- parameters: $symphony_id; the report period and account come from the report_period view (150_staging_report_period.sql)
select m.money_weighted_return,
       (select sum(r.net_flow) from returns_in_range as r where r.symphony_id = m.symphony_id and r.date > (
            select min(b.date) from returns_in_range as b where b.symphony_id = m.symphony_id)) as net_deposits
from money_weighted_returns as m
where m.symphony_id = $symphony_id
