-- live_drawdown: a symphony still trading, or a whole account, that was above the alert_drawdown
-- line at the last close and is at or beyond it right now, during the session: the last close's
-- deposit-adjusted value moved by Composer's change today (live_today.todays_percent_change),
-- against the highest deposit-adjusted value of its whole live history up to that close. A subject
-- already beyond the line at the close is the nightly drawdown rule's (its alert is active), so it
-- is not alerted again each morning. Evaluated by `python -m ingest live` after each reading; each
-- subject's alert is sent at most once a market day.
--   in_alarm   the drawdown now is alert_drawdown or deeper
--   value      the drawdown now (negative: -0.23 is 23% below the peak)
--   threshold  -alert_drawdown
--   since      the market date of the reading
-- Rows: every account, and every symphony valued on the snapshot's last trading day, above the
-- line at its last close, and whose close is before the reading's market date (a snapshot of the
-- same day already holds today's move).
-- alert_drawdown: a fraction, default 0.20 (environment: ALERT_DRAWDOWN, as the nightly rule).
set variable alert_drawdown = coalesce(getvariable('alert_drawdown'), 0.20)::double;

with closes as (
    select
        'symphony' as subject_kind,
        symphony_id as subject_id,
        max(date) as close_date,
        arg_max(deposit_adjusted_value, date) as close_value,
        max(deposit_adjusted_value) as peak
    from daily_returns
    group by symphony_id
    having max(date) = (select max(d.date) from daily_returns as d)
    union all
    select
        'account',
        account_id,
        max(date),
        arg_max(deposit_adjusted_value, date),
        max(deposit_adjusted_value)
    from account_history
    group by account_id
),

live as (
    select
        l.subject_kind,
        l.subject_id,
        coalesce(l.name, account_name(a.account_type, l.subject_id)) as name,
        l.market_date,
        l.reading_time_et,
        l.todays_percent_change,
        c.close_date,
        c.close_value / c.peak - 1 as close_dd,
        c.close_value * (1 + l.todays_percent_change) as live_value,
        c.peak
    from live_today as l
    inner join closes as c on l.subject_kind = c.subject_kind and l.subject_id = c.subject_id
    left join accounts as a on l.subject_kind = 'account' and a.account_id = l.subject_id
    where
        c.close_date < l.market_date and l.todays_percent_change is not null and l.value > 0
        and c.close_value / c.peak - 1 > -getvariable('alert_drawdown')
),

drawdowns as (
    select *, live_value / greatest(peak, live_value) - 1 as dd from live
)

select
    'live_drawdown' as rule,
    subject_kind,
    subject_id,
    name,
    case when dd <= -1.5 * getvariable('alert_drawdown') then 'critical' else 'warning' end as severity,
    dd as value,
    -getvariable('alert_drawdown') as threshold,
    case
        when dd <= -getvariable('alert_drawdown') then printf(
            '%s fell past the alert line today: %.1f%% below its all-time peak at %s ET on %s (live: the %s close, %.1f%% below it, moved by today''s %+.2f%%, deposit-adjusted; alert at %.0f%% below it)',
            name, -100 * dd, reading_time_et, strftime(market_date, '%Y-%m-%d'), strftime(close_date, '%Y-%m-%d'),
            -100 * close_dd, 100 * todays_percent_change, 100 * getvariable('alert_drawdown')
        )
        else printf(
            '%s is %.1f%% below its all-time peak at %s ET on %s (live, deposit-adjusted; alert at %.0f%% below it)',
            name, -100 * dd, reading_time_et, strftime(market_date, '%Y-%m-%d'), 100 * getvariable('alert_drawdown')
        )
    end as message,
    market_date as since,
    dd <= -getvariable('alert_drawdown') as in_alarm
from drawdowns
