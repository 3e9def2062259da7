-- pnl_daily: dollar PnL per symphony and trading day of the report period (returns_in_range),
-- and its running totals from the period's base day.
--   pnl             dollars earned that day net of deposits and withdrawals (see daily_returns)
--   cumulative_pnl  sum of pnl from the base day to that day
--   net_deposits    running total of cash put in (the base day's value counts as the first deposit)
create or replace view pnl_daily as
select
    account_id,
    symphony_id,
    date,
    value,
    pnl,
    sum(pnl) over to_date as cumulative_pnl,
    sum(net_flow) over to_date as net_deposits
from returns_in_range
window to_date as (partition by symphony_id order by date rows between unbounded preceding and current row)
