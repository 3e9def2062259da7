-- symphony_turnover: how much of itself each symphony trades, one row per symphony and calendar
-- month with a trade or a live value.
--   bought / sold        notional bought and sold that month, dollars (symphony_trades: estimates)
--   traded               bought + sold
--   average_value        the mean of the symphony's daily dollar values that month
--   turnover             traded / average_value: 1.0 = it traded its own value once that month
--                        (buys and sells both counted; half of it is the one-sided convention)
create or replace view symphony_turnover as
with trades as (
    select
        symphony_id, date_trunc('month', date)::date as month,
        sum(case when side = 'buy' then notional else 0 end) as bought,
        sum(case when side = 'sell' then notional else 0 end) as sold
    from symphony_trades
    group by all
),

values_by_month as (
    select symphony_id, date_trunc('month', date)::date as month, avg(value) as average_value
    from daily_returns
    group by all
)

select
    coalesce(t.symphony_id, v.symphony_id) as symphony_id,
    coalesce(t.month, v.month) as month,
    coalesce(t.bought, 0) as bought,
    coalesce(t.sold, 0) as sold,
    coalesce(t.bought, 0) + coalesce(t.sold, 0) as traded,
    v.average_value,
    (coalesce(t.bought, 0) + coalesce(t.sold, 0)) / nullif(v.average_value, 0) as turnover
from trades as t
full outer join values_by_month as v on v.symphony_id = t.symphony_id and v.month = t.month
