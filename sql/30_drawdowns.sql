-- drawdowns: the underwater series, one row per symphony and trading day.
--   day_number  1 on the symphony's first day of live history, then 2, 3, ...
--   wealth      growth of 1 invested on the first day: deposit-adjusted value / first value
--               (the product of (1 + daily_return) up to that day).
--   peak        the highest wealth so far (the first day counts).
--   drawdown    wealth / peak - 1: 0 at a new high, negative under water (-0.25 = 25% down).
--   is_high     true on a day that sets or matches the peak.
create or replace view drawdowns as
with running as (
    select
        symphony_id,
        date,
        deposit_adjusted_value as adjusted,
        first_value(deposit_adjusted_value) over to_date as first_adjusted,
        max(deposit_adjusted_value) over to_date as peak_adjusted,
        row_number() over to_date as day_number
    from daily_values
    window to_date as (partition by symphony_id order by date rows between unbounded preceding and current row)
)

select
    symphony_id,
    date,
    day_number,
    adjusted / first_adjusted as wealth,
    peak_adjusted / first_adjusted as peak,
    adjusted / peak_adjusted - 1 as drawdown,
    adjusted >= peak_adjusted as is_high
from running
