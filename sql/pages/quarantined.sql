-- quarantined: what the snapshot's run set aside, with the symphony's name when it has one
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select q.symphony_id, coalesce(y.name, q.symphony_id) as name, q.part, q.part_name, q.report, q.window_name, q.since, q.until, q.account_id, q.reason,
       q.history_kept, coalesce(q.stale_since_run, y.stale_since_run) as stale_since_run
from quarantined as q
left join symphonies as y on y.symphony_id = q.symphony_id
order by q.report nulls first, lower(coalesce(y.name, q.symphony_id)), q.part
