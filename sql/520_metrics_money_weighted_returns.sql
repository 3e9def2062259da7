-- money_weighted_returns: per symphony, the money-weighted return (xirr() of its cash flows)
-- beside the time-weighted one (cagr).
--   Cash flows, from the investor's side: the first value is paid in, every deposit paid in and
--   withdrawal taken out (daily_returns.net_flow), the last value taken out.
--   money_weighted_return  NULL when the symphony has fewer than 2 days or no rate in range
--   time_weighted_return   symphony_metrics.cagr, for comparison
create or replace view money_weighted_returns as
select
    m.symphony_id,
    m.name,
    x.money_weighted_return,
    m.cagr as time_weighted_return
from symphony_metrics as m
left join xirr('
    select
        symphony_id as series_id,
        (date - min(date) over (partition by symphony_id)) / 365.25 as years,
        -net_flow + case when date = max(date) over (partition by symphony_id) then value else 0 end as cash_flow
    from returns_in_range') as x on x.series_id = m.symphony_id
