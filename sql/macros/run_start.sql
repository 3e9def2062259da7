-- run_start(source): for each series, the first day of the run of consecutive days, ending on its
-- last day, on which a condition holds: the day an alert's condition began in the data (the
-- alert rules' `since`). source: the text of a query with one row per series and day:
--   series_id, date, holds (the condition that day; NULL counts as not holding)
-- A series whose last day does not hold has no row.
create or replace macro run_start(source) as table
with runs as (
    select
        series_id,
        max(date) as last_day,
        max(date) filter (where not coalesce(holds, false)) as last_broken
    from query(source)
    group by series_id
)

select s.series_id, min(s.date) as since
from query(source) as s
inner join runs as r on r.series_id = s.series_id
where s.date > coalesce(r.last_broken, '-infinity'::date)
group by s.series_id
