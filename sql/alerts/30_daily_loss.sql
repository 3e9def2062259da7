-- daily_loss: a symphony or an account that lost more than alert_daily_loss on the snapshot's
-- last trading day (the deposit-adjusted return of that day, so a withdrawal is not a loss).
--   in_alarm   the day's return is below -alert_daily_loss
--   value      the day's return (negative: a loss)
--   threshold  -alert_daily_loss
--   since      that day
-- Rows: every symphony and account with a return on the snapshot's last trading day (a symphony
-- with no value that day is not trading and is left out).
-- alert_daily_loss: a fraction, default 0.05 (environment: ALERT_DAILY_LOSS).
set variable alert_daily_loss = coalesce(getvariable('alert_daily_loss'), 0.05)::double;

with days as (
    select 'symphony' as subject_kind, symphony_id as subject_id, name, last_day_return as r, end_date
    from symphony_metrics
    union all
    select
        'account',
        p.account_id,
        account_name(a.account_type, p.account_id),
        p.last_day_return,
        p.end_date
    from portfolio_metrics as p
    left join accounts as a on a.account_id = p.account_id
)

select
    'daily_loss' as rule,
    subject_kind,
    subject_id,
    name,
    'warning' as severity,
    r as value,
    -getvariable('alert_daily_loss') as threshold,
    printf('%s %s %.1f%% on %s (deposit-adjusted; alert at a loss of %.1f%%)',
        name, case when r < 0 then 'lost' else 'gained' end, 100 * abs(r), strftime(end_date, '%Y-%m-%d'),
        100 * getvariable('alert_daily_loss')) as message,
    end_date as since,
    r < -getvariable('alert_daily_loss') as in_alarm
from days
where end_date = (select max(date) from daily_returns) and r is not null
