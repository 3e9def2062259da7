-- net_deposits: every symphony's deposits less withdrawals in the period (the base day's value is the money it starts with, not a deposit, so it is taken off the sum); a strategy page picks its row
-- parameters: none; the report period and account come from the report_period view (150_staging_report_period.sql)
select
    symphony_id,
    case when count(*) > 1 then sum(net_flow) - arg_min(net_flow, date) end as net_deposits
from returns_in_range
group by symphony_id
