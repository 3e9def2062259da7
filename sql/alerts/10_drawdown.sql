-- drawdown: a symphony (not liquidated) or a whole account whose current drawdown, from its
-- deposit-adjusted peak over its whole history, is deeper than alert_drawdown.
--   value      the current drawdown (negative: -0.23 is 23% below the peak)
--   threshold  -alert_drawdown
--   severity   'critical' from 1.5 times the threshold, else 'warning'
-- alert_drawdown: a fraction, default 0.20 (environment: ALERT_DRAWDOWN).
set variable alert_drawdown = coalesce(getvariable('alert_drawdown'), 0.20)::double;

select
    'drawdown' as rule,
    'symphony' as subject_kind,
    symphony_id as subject_id,
    name,
    case when current_drawdown <= -1.5 * getvariable('alert_drawdown') then 'critical' else 'warning' end as severity,
    current_drawdown as value,
    -getvariable('alert_drawdown') as threshold,
    printf('%s is in a drawdown of %.1f%% from its peak (alert at -%.1f%%)',
        name, 100 * current_drawdown, 100 * getvariable('alert_drawdown')) as message
from symphony_metrics
where status <> 'liquidated' and current_drawdown <= -getvariable('alert_drawdown')
union all
select
    'drawdown',
    'account',
    p.account_id,
    replace(lower(coalesce(a.account_type, '')), '_', ' ') || ' account ··' || right(p.account_id, 4),
    case when p.current_drawdown <= -1.5 * getvariable('alert_drawdown') then 'critical' else 'warning' end,
    p.current_drawdown,
    -getvariable('alert_drawdown'),
    printf('The %s account ··%s is in a drawdown of %.1f%% from its peak (alert at -%.1f%%)',
        replace(lower(coalesce(a.account_type, '')), '_', ' '), right(p.account_id, 4), 100 * p.current_drawdown, 100 * getvariable('alert_drawdown'))
from portfolio_metrics as p
left join accounts as a on a.account_id = p.account_id
where p.current_drawdown <= -getvariable('alert_drawdown')
