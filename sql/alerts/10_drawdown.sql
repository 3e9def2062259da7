-- drawdown: a symphony still trading, or a whole account, further below its all-time peak than
-- alert_drawdown: its deposit-adjusted value on the snapshot's last trading day against the
-- highest deposit-adjusted value of its whole live history (current_drawdown_all_time of
-- symphony_metrics and portfolio_metrics: the "Current drawdown, from all-time peak" of the
-- overview's account cards).
--   in_alarm   that drawdown is alert_drawdown or deeper
--   value      the drawdown (negative: -0.23 is 23% below the peak)
--   threshold  -alert_drawdown
--   severity   'critical' from 1.5 times the threshold, else 'warning'
--   since      the first trading day of the current run of days at or beyond the threshold
-- Rows: every symphony and account, in alarm or not (a resolved alert says the drawdown now); a
-- liquidated symphony is not in alarm (it has no drawdown now) and says when it was liquidated.
-- alert_drawdown: a fraction, default 0.20 (environment: ALERT_DRAWDOWN).
set variable alert_drawdown = coalesce(getvariable('alert_drawdown'), 0.20)::double;

with subjects as (
    select
        'symphony' as subject_kind,
        m.symphony_id as subject_id,
        m.name,
        m.current_drawdown_all_time as dd,
        m.liquidated_on,
        s.since
    from symphony_metrics as m
    left join run_start('
        select symphony_id as series_id, date,
            drawdown(deposit_adjusted_value, peak_adjusted) <= -getvariable(''alert_drawdown'') as holds
        from daily_returns') as s on s.series_id = m.symphony_id
    union all
    select
        'account',
        p.account_id,
        account_name(a.account_type, p.account_id),
        p.current_drawdown_all_time,
        null,
        s.since
    from portfolio_metrics as p
    left join accounts as a on a.account_id = p.account_id
    left join run_start('
        select account_id as series_id, date,
            drawdown(deposit_adjusted_value, max(deposit_adjusted_value) over (partition by account_id order by date))
                <= -getvariable(''alert_drawdown'') as holds
        from account_history') as s on s.series_id = p.account_id
)

select
    'drawdown' as rule,
    subject_kind,
    subject_id,
    name,
    case when dd <= -1.5 * getvariable('alert_drawdown') then 'critical' else 'warning' end as severity,
    dd as value,
    -getvariable('alert_drawdown') as threshold,
    case
        when liquidated_on is not null
            then printf('%s was liquidated on %s: it has no drawdown to watch', name, strftime(liquidated_on, '%Y-%m-%d'))
        when dd >= 0 then printf('%s is at its all-time peak (alert at %.0f%% below it)', name, 100 * getvariable('alert_drawdown'))
        else printf('%s is %.1f%% below its all-time peak, deposit-adjusted (alert at %.0f%% below it)',
            name, -100 * dd, 100 * getvariable('alert_drawdown'))
    end as message,
    since,
    coalesce(dd <= -getvariable('alert_drawdown'), false) as in_alarm
from subjects
where dd is not null or liquidated_on is not null
