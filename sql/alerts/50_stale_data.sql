-- stale_data: data that stopped arriving, for a symphony or for the whole snapshot.
--   symphony   Composer still reports it worth money (symphonies.value > 0, so not liquidated)
--              but its last live value is older than the snapshot's last trading day (one whose
--              sync failed is the sync_problems rule's); value: trading days behind; threshold:
--              0; since: the first trading day (of any symphony) it has no value for
--   snapshot   its last trading day is more than alert_stale_days calendar days before
--              alert_today (Composer stopped updating, or the sync stopped publishing); value:
--              calendar days behind; threshold: alert_stale_days; since: the first day it was
--              stale
-- Rows: every symphony Composer reports worth money, and the snapshot, in alarm or not.
-- alert_stale_days: calendar days, default 4 (a long weekend is not stale; environment:
-- ALERT_STALE_DAYS). alert_today: the day the rules run, default current_date.
set variable alert_stale_days = coalesce(getvariable('alert_stale_days'), 4)::integer;
set variable alert_today = coalesce(getvariable('alert_today'), current_date)::date;

with trading_days as (
    select distinct date from daily_values
),

last_days as (
    select symphony_id, max(date) as last_day
    from daily_values
    group by symphony_id
),

behind as (
    select
        l.symphony_id,
        l.last_day,
        count(t.date) as days_behind,
        min(t.date) as first_missing
    from last_days as l
    left join trading_days as t on t.date > l.last_day
    group by l.symphony_id, l.last_day
)

select
    'stale_data' as rule,
    'symphony' as subject_kind,
    y.symphony_id as subject_id,
    y.name,
    'warning' as severity,
    b.days_behind as value,
    0 as threshold,
    case
        when b.days_behind > 0 then printf('%s: no value since %s (%d trading days) although Composer reports it worth $%,.0f',
            y.name, strftime(b.last_day, '%Y-%m-%d'), b.days_behind, y.value)
        else printf('%s has a value on the snapshot''s last trading day, %s', y.name, strftime(b.last_day, '%Y-%m-%d'))
    end as message,
    b.first_missing as since,
    b.days_behind > 0 as in_alarm
from symphonies as y
inner join behind as b on b.symphony_id = y.symphony_id
where y.stale_reason is null and y.value > 0
union all
select
    'stale_data',
    'snapshot',
    'snapshot',
    'The snapshot',
    'critical',
    getvariable('alert_today') - max(date),
    getvariable('alert_stale_days'),
    printf('The snapshot''s last trading day is %s, %d calendar days before %s (alert after %d: is the nightly sync running?)',
        strftime(max(date), '%Y-%m-%d'), getvariable('alert_today') - max(date), strftime(getvariable('alert_today'), '%Y-%m-%d'),
        getvariable('alert_stale_days')),
    max(date) + getvariable('alert_stale_days') + 1,
    getvariable('alert_today') - max(date) > getvariable('alert_stale_days')
from daily_values
