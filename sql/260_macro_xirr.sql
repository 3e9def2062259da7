-- xirr(flows_sql): the money-weighted return (annual internal rate of return) of each series'
-- cash flows. flows_sql is a query with columns series_id, years (time of the flow in years
-- from the series' first flow: calendar days / 365.25, the XIRR convention) and cash_flow (from
-- the investor's side: paid in negative, taken out positive). Solved by bisection on
-- (-99.99%, 1000%) to 1e-10; money_weighted_return is NULL when a series has fewer than 2 flows
-- or no rate in that range.
create or replace macro xirr(flows_sql) as table
with recursive relevant as (
    select series_id, years, cash_flow from query(flows_sql) where cash_flow <> 0
),

search(series_id, lo, hi, step) as (  -- noqa: LT01
    select series_id, -0.9999::double, 10.0::double, 0
    from relevant
    group by series_id
    having count(*) >= 2 and max(years) > 0
    union all
    select
        s.series_id,
        case when npv.value > 0 then (s.lo + s.hi) / 2 else s.lo end,
        case when npv.value > 0 then s.hi else (s.lo + s.hi) / 2 end,
        s.step + 1
    from search as s,
        lateral (
            select sum(r.cash_flow * power(1 + (s.lo + s.hi) / 2, -r.years)) as value
            from relevant as r
            where r.series_id = s.series_id
        ) as npv
    where s.step < 60
)

select
    series_id,
    case when hi - lo < 1e-10 and lo > -0.9998 and hi < 9.9999 then (lo + hi) / 2 end as money_weighted_return
from search
where step = 60;
