-- symphony_spans: one row per symphony of the report's account (account_scope) with a trading
-- day in the report period (report_period): the part of its history returns_in_range holds day
-- by day (the same base and last day, found here from monthly sums for symphony_metrics), and the
-- whole of it (symphony_lives).
--   base_date      the day whose close its first return in the period starts from: the last day
--                  before the period, or its first day when it started inside
--   end_date       its last day in the period
--   from_start     the period starts at its first day, so daily_returns' all-history running
--                  peak and days under water hold for the period too
--   inception_date, last_date, returns  as symphony_lives
-- The last day before a date (or on it) is read from monthly_sums for the months before that
-- date's month and from return_terms for the days of its month: a few rows a symphony.
create or replace view symphony_spans as
with bounds as (
    select
        first_day,
        last_day,
        date_trunc('month', first_day)::date as first_month,
        date_trunc('month', last_day)::date as last_month
    from report_period
),

month_ends as (
    -- the last day before the months of first_day and of last_day
    select
        m.symphony_id,
        max(m.last_date) filter (where m.month < b.first_month) as before_first_month,
        max(m.last_date) filter (where m.month < b.last_month) as before_last_month
    from monthly_sums as m, bounds as b
    group by m.symphony_id
),

edge_day_parts as (
    -- the last day before first_day in its month, and up to last_day in its month
    select t.symphony_id, max(t.date) as before_first_day, null::date as up_to_last_day
    from return_terms as t
    inner join bounds as b on t.month = b.first_month
    where t.date < b.first_day
    group by t.symphony_id
    union all
    select t.symphony_id, null::date as before_first_day, max(t.date) as up_to_last_day
    from return_terms as t
    inner join bounds as b on t.month = b.last_month
    where t.date <= b.last_day
    group by t.symphony_id
),

edge_days as (
    select symphony_id, max(before_first_day) as before_first_day, max(up_to_last_day) as up_to_last_day
    from edge_day_parts
    group by symphony_id
),

spans as (
    select
        l.symphony_id,
        l.account_id,
        coalesce(greatest(m.before_first_month, e.before_first_day), l.inception_date) as base_date,
        greatest(m.before_last_month, e.up_to_last_day) as end_date,
        l.inception_date,
        l.last_date,
        l.returns
    from symphony_lives as l
    left join month_ends as m on m.symphony_id = l.symphony_id
    left join edge_days as e on e.symphony_id = l.symphony_id
    where in_report_scope(l.account_id)
)

select
    s.symphony_id,
    s.account_id,
    s.base_date,
    s.end_date,
    s.base_date = s.inception_date as from_start,
    s.inception_date,
    s.last_date,
    s.returns
from spans as s, bounds as b
where s.end_date >= b.first_day
