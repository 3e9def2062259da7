-- account_cash_flows: per account, the investor's cash flows over the report period, from
-- Composer's own records (not inferred from symphony values): the account's value on the base
-- day (the last day before range_start, or its first day) paid in, every deposit and withdrawal
-- of the non-trade report (activity kinds DEPOSIT, WITHDRAWAL) settled after the base day, and
-- the account's value on the period's last day taken out. Values are Composer's
-- portfolio-history (account_values): cash and direct positions included.
--   cash_flow  investor's side: paid in negative, taken out positive; years from the base day
create or replace view account_cash_flows as
with span as (
    select
        v.account_id,
        period_base_date(v.date, b.first_day) as base_date,
        max(v.date) as end_date
    from account_values as v, report_period as b
    where v.date <= b.last_day and in_report_scope(v.account_id)
    group by v.account_id
    having max(v.date) >= any_value(b.first_day)
),

flows as (
    select v.account_id, v.date, 'base value' as flow, -v.value as cash_flow
    from account_values as v inner join span as s on s.account_id = v.account_id and v.date = s.base_date
    union all
    select a.account_id, a.date, lower(a.kind) as flow, -a.amount as cash_flow
    from activity as a inner join span as s on s.account_id = a.account_id
    where a.kind in ('DEPOSIT', 'WITHDRAWAL') and a.date > s.base_date and a.date <= s.end_date
    union all
    select v.account_id, v.date, 'end value' as flow, v.value as cash_flow
    from account_values as v inner join span as s on s.account_id = v.account_id and v.date = s.end_date
)

select
    f.account_id,
    f.date,
    f.flow,
    f.cash_flow,
    (f.date - s.base_date) / 365.25 as years
from flows as f
inner join span as s on s.account_id = f.account_id;
