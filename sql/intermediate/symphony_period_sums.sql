-- symphony_period_sums: each symphony's return_sums() (macros/return_sums.sql) over its returns
-- in the report period, with its drawdown figures, one row per symphony with a trading day in the
-- period (symphony_spans), in the shape series_metrics_of_sums() reads. The same sums as
-- series_sums() of returns_in_range, added up instead of summed day by day:
--   the months wholly inside the period      from monthly_sums
--   the days of its first and last months    from return_terms (the days after base_date, up to
--                                            end_date)
-- combined_sums() adds the parts (macros/return_sums.sql); a year of a thousand symphonies
-- is about 24,000 monthly rows and 42,000 days instead of 252,000 days.
-- The moment sums are taken about each symphony's all-history mean (return_terms.shift). Drawdown
-- figures: from the running columns when the period starts at the symphony's first day
-- (from_start), else drawdown_figures() of its days in the period.
create or replace view symphony_period_sums as
with spans as (
    select
        symphony_id,
        base_date,
        end_date,
        from_start,
        date_trunc('month', base_date)::date as base_month,
        date_trunc('month', end_date)::date as end_month
    from symphony_spans
),

whole_months as (
    select m.symphony_id, m.sums
    from monthly_sums as m
    inner join spans as s on s.symphony_id = m.symphony_id
    where m.month > s.base_month and m.month < s.end_month
),

edge_days as (
    -- the days of the first month after base_date, and of the last month (when it is another) up to
    -- end_date: each an equality on month, so only those months' blocks of return_terms are read
    select t.*
    from return_terms as t
    inner join spans as s on s.symphony_id = t.symphony_id and t.month = s.base_month
    where t.date > s.base_date and t.date <= s.end_date
    union all
    select t.*
    from return_terms as t
    inner join spans as s on s.symphony_id = t.symphony_id and t.month = s.end_month
    where t.month > s.base_month and t.date <= s.end_date
),

parts as (
    select * from whole_months
    union all
    select
        symphony_id,
        return_sums(daily_return, benchmark_return, shift, benchmark_shift, pnl, date, running_drawdown, underwater_days) as sums
    from edge_days
    group by symphony_id
),

added as (
    select s.symphony_id, combined_sums(p.sums) as sums
    from spans as s
    left join parts as p on p.symphony_id = s.symphony_id
    group by s.symphony_id
)

select
    s.symphony_id as series_id,
    s.base_date,
    s.end_date,
    a.sums,
    case when s.from_start then least(a.sums.deepest_drawdown, 0.0) else d.max_drawdown end as max_drawdown,
    case when s.from_start then coalesce(a.sums.longest_underwater, 0) else d.max_drawdown_days end as max_drawdown_days,
    case when s.from_start then coalesce(a.sums.last_drawdown, 0.0) else d.current_drawdown end as current_drawdown
from spans as s
inner join added as a on a.symphony_id = s.symphony_id
left join drawdown_figures('
    select d.symphony_id as series_id, d.date, d.deposit_adjusted_value
    from daily_returns as d
    inner join symphony_spans as s on s.symphony_id = d.symphony_id
    where not s.from_start and d.date >= s.base_date and d.date <= s.end_date') as d on d.series_id = s.symphony_id
