-- money_weighted_returns: per symphony, the money-weighted return (the annual internal rate of
-- return of its cash flows) beside the time-weighted one (cagr).
--   Cash flows, from the investor's side: the first value is paid in, every deposit paid in and
--   withdrawal taken out (daily_returns.net_flow), the last value taken out. Time is counted in
--   calendar days / 365.25 (the XIRR convention). Solved by bisection on (-99.99%, 1000%) to 1e-10.
--   money_weighted_return  NULL when the symphony has fewer than 2 days or no rate in range
--   time_weighted_return   symphony_metrics.cagr, for comparison
create or replace view money_weighted_returns as
with recursive flows as (
    select
        symphony_id,
        (date - min(date) over (partition by symphony_id)) / 365.25 as years,
        -net_flow + case when date = max(date) over (partition by symphony_id) then value else 0 end as cash_flow
    from returns_in_range
),

relevant as (
    select * from flows where cash_flow <> 0
),

search(symphony_id, lo, hi, step) as (
    select symphony_id, -0.9999::double, 10.0::double, 0
    from relevant
    group by symphony_id
    having count(*) >= 2 and max(years) > 0
    union all
    select
        s.symphony_id,
        case when npv.value > 0 then (s.lo + s.hi) / 2 else s.lo end,
        case when npv.value > 0 then s.hi else (s.lo + s.hi) / 2 end,
        s.step + 1
    from search as s,
        lateral (
            select sum(r.cash_flow * power(1 + (s.lo + s.hi) / 2, -r.years)) as value
            from relevant as r
            where r.symphony_id = s.symphony_id
        ) as npv
    where s.step < 60
)

select
    m.symphony_id,
    m.name,
    case when s.hi - s.lo < 1e-10 and s.lo > -0.9998 and s.hi < 9.9999 then (s.lo + s.hi) / 2 end as money_weighted_return,
    m.cagr as time_weighted_return
from symphony_metrics as m
left join search as s on s.symphony_id = m.symphony_id and s.step = 60
