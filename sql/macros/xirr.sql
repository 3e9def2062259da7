-- xirr(flows_sql): the money-weighted return (annual internal rate of return) of each series'
-- cash flows. flows_sql is a query with columns series_id, years (time of the flow in years
-- from the series' first flow: calendar days / 365.25, the XIRR convention) and cash_flow (from
-- the investor's side: paid in negative, taken out positive). Solved by bisection on
-- (-99.99%, 1000%): 40 halvings narrow it to 1e-11, so the rate is good to 1e-10;
-- money_weighted_return is NULL when a series has fewer than 2 flows or no rate in that range.
-- Each halving evaluates every series' NPV in one join and aggregate over the flows (kept
-- materialized), not one subquery per series.
create or replace macro xirr(flows_sql) as table
with recursive relevant as materialized (
    select series_id, years, cash_flow from query(flows_sql) where cash_flow <> 0
),

search(series_id, lo, hi, step) as (  -- noqa: LT01
    select series_id, -0.9999::double, 10.0::double, 0
    from relevant
    group by series_id
    having count(*) >= 2 and max(years) > 0
    union all
    select
        series_id,
        case when npv > 0 then (lo + hi) / 2 else lo end,
        case when npv > 0 then hi else (lo + hi) / 2 end,
        step + 1
    from (
        select s.series_id, s.lo, s.hi, s.step, sum(r.cash_flow * power(1 + (s.lo + s.hi) / 2, -r.years)) as npv
        from search as s
        inner join relevant as r on r.series_id = s.series_id
        where s.step < 40
        group by s.series_id, s.lo, s.hi, s.step
    ) as halving
)

select
    series_id,
    case when hi - lo < 1e-10 and lo > -0.9998 and hi < 9.9999 then (lo + hi) / 2 end as money_weighted_return
from search
where step = 40;
