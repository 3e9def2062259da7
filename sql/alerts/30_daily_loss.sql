-- daily_loss: a symphony or an account that lost more than alert_daily_loss on the snapshot's
-- last trading day (deposit-adjusted return of that day; a symphony with no value that day is
-- not trading and is left out).
--   value      the day's return (negative)
--   threshold  -alert_daily_loss
-- alert_daily_loss: a fraction, default 0.05 (environment: ALERT_DAILY_LOSS).
set variable alert_daily_loss = coalesce(getvariable('alert_daily_loss'), 0.05)::double;

select
    'daily_loss' as rule,
    'symphony' as subject_kind,
    symphony_id as subject_id,
    name,
    'warning' as severity,
    last_day_return as value,
    -getvariable('alert_daily_loss') as threshold,
    printf('%s lost %.1f%% on %s (alert at -%.1f%%)',
        name, -100 * last_day_return, strftime(end_date, '%Y-%m-%d'), 100 * getvariable('alert_daily_loss')) as message
from symphony_metrics
where end_date = (select max(date) from daily_returns) and last_day_return < -getvariable('alert_daily_loss')
union all
select
    'daily_loss',
    'account',
    p.account_id,
    replace(lower(coalesce(a.account_type, '')), '_', ' ') || ' account ··' || right(p.account_id, 4),
    'warning',
    p.last_day_return,
    -getvariable('alert_daily_loss'),
    printf('The %s account ··%s lost %.1f%% on %s (alert at -%.1f%%)', replace(lower(coalesce(a.account_type, '')), '_', ' '), right(p.account_id, 4),
        -100 * p.last_day_return, strftime(p.end_date, '%Y-%m-%d'), 100 * getvariable('alert_daily_loss'))
from portfolio_metrics as p
left join accounts as a on a.account_id = p.account_id
where p.end_date = (select max(date) from daily_returns) and p.last_day_return < -getvariable('alert_daily_loss')
