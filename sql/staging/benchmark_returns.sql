-- benchmark_returns: one row per benchmark ticker and trading day.
--   daily_return  value / previous value - 1; NULL on the first day of the series.
create or replace view benchmark_returns as
with ordered as (
    select
        ticker,
        date,
        value,
        lag(value) over (partition by ticker order by date) as previous_value
    from benchmark_values
)

select
    ticker,
    date,
    value,
    case when previous_value > 0 then value / previous_value - 1 end as daily_return
from ordered
