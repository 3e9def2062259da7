-- new_max_drawdown: a symphony still trading whose drawdown on the snapshot's last trading day is
-- the deepest of its whole live history (below its all-time peak, deposit-adjusted), and deeper
-- than alert_new_max_drawdown (so a young symphony's first small dip is not news). It stays in
-- alarm while each day is a new low, and resolves the first day that is not.
--   in_alarm   today's drawdown < 0, <= every earlier day's, and <= -alert_new_max_drawdown
--   value      today's drawdown (= its max drawdown)
--   threshold  -alert_new_max_drawdown
--   since      the first trading day of the current run of days that were each a new low beyond
--              the threshold
-- Rows: every symphony with a value on the snapshot's last day (a resolved alert says how far it
-- is from its low).
-- alert_new_max_drawdown: a fraction, default 0.10 (environment: ALERT_NEW_MAX_DRAWDOWN).
set variable alert_new_max_drawdown = coalesce(getvariable('alert_new_max_drawdown'), 0.10)::double;

with lows as (
    select
        symphony_id,
        min(drawdown(deposit_adjusted_value, peak_adjusted)) as deepest,
        arg_min(date, drawdown(deposit_adjusted_value, peak_adjusted)) as deepest_on
    from daily_returns
    group by symphony_id
),

checked as (
    select
        m.symphony_id,
        m.name,
        m.current_drawdown_all_time as dd,
        l.deepest,
        l.deepest_on,
        m.current_drawdown_all_time < 0
        and m.current_drawdown_all_time <= l.deepest
        and m.current_drawdown_all_time <= -getvariable('alert_new_max_drawdown') as in_alarm
    from symphony_metrics as m
    inner join lows as l on l.symphony_id = m.symphony_id
    where m.current_drawdown_all_time is not null
)

select
    'new_max_drawdown' as rule,
    'symphony' as subject_kind,
    c.symphony_id as subject_id,
    c.name,
    'warning' as severity,
    c.dd as value,
    -getvariable('alert_new_max_drawdown') as threshold,
    case
        when c.in_alarm then printf('%s hit a new max drawdown: %.1f%% below its all-time peak, its deepest since it went live (alert on a new low beyond %.0f%%)',
            c.name, -100 * c.dd, 100 * getvariable('alert_new_max_drawdown'))
        else printf('%s is %.1f%% below its all-time peak; its deepest drawdown was %.1f%% on %s (alert on a new low beyond %.0f%%)',
            c.name, -100 * c.dd, -100 * c.deepest, strftime(c.deepest_on, '%Y-%m-%d'), 100 * getvariable('alert_new_max_drawdown'))
    end as message,
    s.since,
    c.in_alarm
from checked as c
left join run_start('
    select symphony_id as series_id, date,
        dd < 0 and dd <= deepest and dd <= -getvariable(''alert_new_max_drawdown'') as holds
    from (
        select symphony_id, date, drawdown(deposit_adjusted_value, peak_adjusted) as dd,
            min(drawdown(deposit_adjusted_value, peak_adjusted)) over (partition by symphony_id order by date) as deepest
        from daily_returns
    )') as s on s.series_id = c.symphony_id and c.in_alarm
