-- stale_data: data that stopped arriving.
--   a symphony Composer still reports worth money (symphonies.value > 0), so not liquidated,
--   whose last live value is older than the snapshot's last trading day (one whose sync failed
--   is the sync_problems rule's);
--   the whole snapshot, when its last trading day is more than alert_stale_days calendar days
--   before alert_today (Composer stopped updating, or the sync stopped publishing).
--   value      days behind; threshold  the days allowed
-- alert_stale_days: calendar days, default 4 (a long weekend is not stale; environment:
-- ALERT_STALE_DAYS). alert_today: the day the rules run, default current_date.
set variable alert_stale_days = coalesce(getvariable('alert_stale_days'), 4)::integer;
set variable alert_today = coalesce(getvariable('alert_today'), current_date)::date;

with last_days as (
    select symphony_id, max(date) as last_day
    from daily_values
    group by symphony_id
)

select
    'stale_data' as rule,
    'symphony' as subject_kind,
    y.symphony_id as subject_id,
    y.name,
    'warning' as severity,
    (select max(date) from daily_values) - l.last_day as value,
    0 as threshold,
    printf('%s: no value since %s although Composer reports it worth $%,.0f',
        y.name, strftime(l.last_day, '%Y-%m-%d'), y.value) as message
from symphonies as y
inner join last_days as l on l.symphony_id = y.symphony_id
where y.stale_reason is null and y.value > 0 and l.last_day < (select max(date) from daily_values)
union all
select
    'stale_data',
    'snapshot',
    'snapshot',
    'The snapshot',
    'critical',
    getvariable('alert_today') - max(date),
    getvariable('alert_stale_days'),
    printf('No new trading day since %s (%d days before %s): is the nightly sync running?',
        strftime(max(date), '%Y-%m-%d'), getvariable('alert_today') - max(date), strftime(getvariable('alert_today'), '%Y-%m-%d'))
from daily_values
having getvariable('alert_today') - max(date) > getvariable('alert_stale_days')
