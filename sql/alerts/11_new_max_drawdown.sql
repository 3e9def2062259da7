-- new_max_drawdown: a symphony (not liquidated) whose drawdown today is the deepest of its whole
-- live history, and deeper than alert_new_max_drawdown (so a young symphony's first small dip
-- is not news). It stays active while each day is a new low and resolves once it recovers.
--   value      today's drawdown (= its max drawdown)
--   threshold  -alert_new_max_drawdown
-- alert_new_max_drawdown: a fraction, default 0.10 (environment: ALERT_NEW_MAX_DRAWDOWN).
set variable alert_new_max_drawdown = coalesce(getvariable('alert_new_max_drawdown'), 0.10)::double;

select
    'new_max_drawdown' as rule,
    'symphony' as subject_kind,
    symphony_id as subject_id,
    name,
    'warning' as severity,
    current_drawdown as value,
    -getvariable('alert_new_max_drawdown') as threshold,
    printf('%s hit a new max drawdown: %.1f%%, its deepest since it went live', name, 100 * current_drawdown) as message
from symphony_metrics
where status <> 'liquidated'
    and current_drawdown < 0
    and current_drawdown <= max_drawdown
    and current_drawdown <= -getvariable('alert_new_max_drawdown')
