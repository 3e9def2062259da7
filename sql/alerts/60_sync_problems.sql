-- sync_problems: what the nightly sync itself reported: it failed (exit status 2, nothing
-- published: the rules then run on the last published snapshot), or it quarantined symphonies
-- (exit status 1: each one set aside, with the reason, is in the quarantined view).
-- The runner sets sync_exit_code and sync_message; outside a run (the DuckDB CLI, `python -m
-- ingest alerts`) they are NULL and only the snapshot's quarantined symphonies show.
--   sync_failed  in alarm when the run's exit status is 2; value: the exit status; threshold: 0
--   quarantined  in alarm for every symphony with a part the snapshot's run set aside (its live
--                values, backtest, versions, holdings), or account with a report window set
--                aside; value: how many were set aside, else 0; threshold: 0
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
    case when any_value(q.symphony_id) is null then 'account' else 'symphony' end,
    coalesce(q.symphony_id, q.account_id),
    coalesce(any_value(y.name), any_value(q.symphony_id), 'account ··' || right(any_value(q.account_id), 4)),
    'warning',
    count(*),
    0,
    coalesce(any_value(y.name), any_value(q.symphony_id), 'account ··' || right(any_value(q.account_id), 4))
    || ': the sync set aside '
    || string_agg(
        case
            when q.report is null then 'its ' || q.part_name
            else printf('the %s of %s..%s', q.window_name, strftime(q.since, '%Y-%m-%d'), strftime(q.until, '%Y-%m-%d'))
        end
        || case
            when q.report is not null then ' (fetched again by the next run)'
            when q.history_kept then printf(' (kept from snapshot %s)', coalesce(q.stale_since_run, 'an earlier one'))
            else ' (none to keep)'
        end
        || ': ' || q.reason,
        '; ' order by q.part
    ),
    null,
    true
from quarantined as q
left join symphonies as y on y.symphony_id = q.symphony_id
group by coalesce(q.symphony_id, q.account_id)
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
