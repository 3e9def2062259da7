-- behind_backtest: a symphony still trading whose live return since its last edit (or since it
-- went live, if never edited live) trails its backtest over the same days by more than
-- alert_backtest_gap. Both are compounded over the days with a live and a backtest return
-- after the base day (symphony_returns_since_edit, 510_intermediate_symphony_returns_since_edit.sql).
--   value      live return - backtest return over those days (negative: live trails)
--   threshold  -alert_backtest_gap
-- alert_backtest_gap: a fraction, default 0.10 (environment: ALERT_BACKTEST_GAP).
set variable alert_backtest_gap = coalesce(getvariable('alert_backtest_gap'), 0.10)::double;

with gaps as (
    select
        s.series_id as symphony_id,
        count(*) as days,
        min(s.date) as first_day,
        exp(sum(ln(1 + s.daily_return))) - exp(sum(ln(1 + b.backtest_return))) as gap
    from symphony_returns_since_edit as s
    inner join backtest_returns as b on b.symphony_id = s.series_id and b.date = s.date
    where s.daily_return is not null and b.backtest_return is not null
    group by s.series_id
    having max(s.date) = (select max(date) from daily_returns)
)

select
    'behind_backtest' as rule,
    'symphony' as subject_kind,
    g.symphony_id as subject_id,
    y.name,
    'warning' as severity,
    g.gap as value,
    -getvariable('alert_backtest_gap') as threshold,
    printf('%s trails its backtest by %.1f points since %s (%d days; alert at %.1f)',
        y.name, -100 * g.gap, strftime(g.first_day, '%Y-%m-%d'), g.days, 100 * getvariable('alert_backtest_gap')) as message
from gaps as g
inner join symphonies as y on y.symphony_id = g.symphony_id
where g.gap < -getvariable('alert_backtest_gap')
