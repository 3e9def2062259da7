-- money_weighted_returns: per symphony, the money-weighted return (xirr() of its cash flows)
-- beside the time-weighted one (cagr).
--   Cash flows, from the investor's side: the first value is paid in, every deposit paid in and
--   withdrawal taken out (daily_returns.net_flow), the last value taken out.
--   money_weighted_return  annualized (an annual rate, as XIRR is); NULL when the symphony has
--                          fewer than 2 days or no rate in range
--   money_weighted_period_return  the same rate over the period's length, cumulative:
--                          (1 + money_weighted_return)^(calendar days / 365.25) - 1, to set beside
--                          total_return
--   time_weighted_return   symphony_metrics.cagr, for comparison
--   Only the days with a flow are passed to xirr() (a day without one adds nothing to the NPV),
--   each symphony's first and last day in the period from symphony_spans, not windows over every day.
--   A net_flow under half a cent is not money moved but the rounding value_t - value_(t-1) - pnl
--   leaves on almost every day; passed on, those thousands of near-zero flows per symphony made
--   xirr() take seconds.
create or replace view money_weighted_returns as
select
    m.symphony_id,
    m.name,
    x.money_weighted_return,
    power(1 + x.money_weighted_return, (m.end_date - m.base_date) / 365.25) - 1 as money_weighted_period_return,
    m.cagr as time_weighted_return
from symphony_metrics as m
left join xirr('
    select
        r.symphony_id as series_id,
        (r.date - s.base_date) / 365.25 as years,
        -r.net_flow + case when r.date = s.end_date then r.value else 0 end as cash_flow
    from returns_in_range as r
    inner join symphony_spans as s on r.symphony_id = s.symphony_id
    where abs(r.net_flow) >= 0.005 or r.date = s.end_date') as x on x.series_id = m.symphony_id
