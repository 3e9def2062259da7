-- symphony_metrics_since_edit: each symphony's metrics over its out-of-sample live period, the
-- days after its last edit (symphonies.last_edit_at), since an edit changes the strategy.
-- The close on or before the edit day is the base value; returns start the day after. A
-- symphony never edited during its live history gets the same figures as symphony_metrics. Within
-- a report period (returns_in_range), the base is the later of the edit and the period's base.
--   edited_on   the date of the last edit (NULL when Composer reports none)
--   other columns: as in symphony_metrics (series_metrics() in macros/series_metrics.sql)
create or replace view symphony_metrics_since_edit as
select
    y.symphony_id,
    y.name,
    y.last_edit_at::date as edited_on,
    m.* exclude (series_id),
    m.days < getvariable('short_history_days') as short_history
from symphonies as y
left join series_metrics('select * from symphony_returns_since_edit') as m on m.series_id = y.symphony_id
where in_report_scope(y.account_id)
