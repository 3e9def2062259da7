-- account_days(source): the symphonies' days added up into the whole account's, one row per
-- account and trading day, deposit-adjusted. source: the text of a query with daily_returns'
-- columns (account_id, date, value, pnl, net_flow, daily_return, benchmark_return), e.g.
-- returns_in_range (portfolio_daily: the report period) or daily_returns (account_history: the
-- whole history).
--   value          sum of the symphonies' dollar values
--   pnl, net_flow  sums of the symphonies' daily PnL and deposits/withdrawals
--   daily_return   sum(pnl) / sum(previous day's value) of the symphonies that have a return that
--                  day: deposits, withdrawals, new and liquidated symphonies are not gains or losses
--   deposit_adjusted_value  1000 compounded by daily_return (an index, like Composer's)
--   cumulative_pnl running total of pnl
create or replace macro account_days(source) as table
with by_day as (
    select
        account_id,
        date,
        sum(value) as value,
        sum(pnl) as pnl,
        sum(net_flow) as net_flow,
        sum(pnl) / nullif(sum(value - pnl - net_flow) filter (where daily_return is not null), 0) as daily_return,
        any_value(benchmark_return) as benchmark_return
    from query(source)
    group by account_id, date
)

select
    account_id,
    date,
    value,
    pnl,
    net_flow,
    daily_return,
    benchmark_return,
    1000 * product(1 + coalesce(daily_return, 0)) over to_date as deposit_adjusted_value,
    sum(pnl) over to_date as cumulative_pnl
from by_day
window to_date as (partition by account_id order by date rows between unbounded preceding and current row)
