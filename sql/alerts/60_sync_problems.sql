-- sync_problems: what the nightly sync itself reported: it failed (exit status 2, nothing
-- published: the rules then run on the last published snapshot), or it quarantined symphonies
-- (exit status 1: each one set aside, with the reason, is in the quarantined view).
-- The runner sets sync_exit_code and sync_message; outside a run (the DuckDB CLI, `python -m
-- ingest alerts`) they are NULL and only the snapshot's quarantined symphonies show.
--   sync_failed  in alarm when the run's exit status is 2; value: the exit status; threshold: 0
--   quarantined  in alarm for every symphony (or report window) the snapshot's run set aside;
--                value: 1 when set aside, else 0; threshold: 0
-- Rows: the sync (when a run set its exit status) and every symphony, in alarm or not.
set variable sync_exit_code = getvariable('sync_exit_code')::integer;
set variable sync_message = getvariable('sync_message')::varchar;

select
    'sync_failed' as rule,
    'sync' as subject_kind,
    'sync' as subject_id,
    'The nightly sync' as name,
    'critical' as severity,
    getvariable('sync_exit_code')::double as value,
    0::double as threshold,
    case
        when getvariable('sync_exit_code') = 2
            then 'The nightly sync failed and published nothing: ' || coalesce(getvariable('sync_message'), 'see the cron log')
        else printf('The nightly sync published a snapshot (exit status %d)', getvariable('sync_exit_code'))
    end as message,
    current_date as since,
    getvariable('sync_exit_code') = 2 as in_alarm
where getvariable('sync_exit_code') is not null
union all
select
    'quarantined',
    'symphony',
    coalesce(q.symphony_id, q.account_id),
    coalesce(y.name, q.symphony_id, 'a symphony of account ··' || right(q.account_id, 4)),
    'warning',
    1,
    0,
    printf('%s was set aside by the sync: %s', coalesce(y.name, q.symphony_id, 'a symphony'), q.reason),
    null,
    true
from quarantined as q
left join symphonies as y on y.symphony_id = q.symphony_id
union all
select
    'quarantined',
    'symphony',
    y.symphony_id,
    y.name,
    'warning',
    0,
    0,
    printf('%s synced normally in this snapshot', y.name),
    null,
    false
from symphonies as y
where y.symphony_id not in (select symphony_id from quarantined where symphony_id is not null)
