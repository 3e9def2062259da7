-- series_sums(source): return_sums() (macros/return_sums.sql) of every series in source, one row
-- per series, with its drawdown figures, in the shape series_metrics_of_sums() reads:
--   series_id, base_date (its first row), end_date (its last), sums, max_drawdown,
--   max_drawdown_days, current_drawdown
-- source: the text of a query whose rows are one series and day: series_id, date,
-- deposit_adjusted_value, daily_return (NULL on a series' first row), benchmark_return, pnl, and
-- peak_adjusted, underwater_days, from_start: a series whose rows all have from_start true carries
-- its running peak and days under water since its first row (daily_returns computes them once per
-- snapshot), so its drawdown figures are read from them; the others' (NULL, NULL, false) are
-- computed with drawdown_figures(). The moment sums are taken about each series' mean return (a
-- first pass over source), so they do not cancel.
create or replace macro series_sums(source) as table
with shifts as (
    select
        series_id,
        avg(daily_return) as shift,
        avg(benchmark_return) filter (where daily_return is not null) as benchmark_shift
    from query(source)
    group by series_id
),

sums as (
    select
        s.series_id,
        min(s.date) as base_date,
        max(s.date) as end_date,
        bool_and(s.from_start) as from_start,
        return_sums(
            s.daily_return, s.benchmark_return, m.shift, m.benchmark_shift, s.pnl, s.date,
            drawdown(s.deposit_adjusted_value, s.peak_adjusted), s.underwater_days
        ) as sums
    from query(source) as s
    inner join shifts as m on m.series_id = s.series_id
    group by s.series_id
)

select
    s.series_id,
    s.base_date,
    s.end_date,
    s.sums,
    case when s.from_start then least(s.sums.deepest_drawdown, 0.0) else d.max_drawdown end as max_drawdown,
    case when s.from_start then s.sums.longest_underwater else d.max_drawdown_days end as max_drawdown_days,
    case when s.from_start then s.sums.last_drawdown else d.current_drawdown end as current_drawdown
from sums as s
left join drawdown_figures('select * from (' || source || ') where not from_start') as d on d.series_id = s.series_id
