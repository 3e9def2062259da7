-- live_daily_loss: a symphony or an account down more than alert_daily_loss today, during the
-- session: Composer's change since the previous close (live_today.todays_percent_change) at the
-- latest reading. Evaluated by `python -m ingest live` after each reading; each subject's alert
-- is sent at most once a market day.
--   in_alarm   today's change is below -alert_daily_loss
--   value      today's change so far (negative: a loss)
--   threshold  -alert_daily_loss
--   since      the market date of the reading
-- Rows: every account and every symphony with a value in the latest reading.
-- alert_daily_loss: a fraction, default 0.05 (environment: ALERT_DAILY_LOSS, as the nightly rule).
set variable alert_daily_loss = coalesce(getvariable('alert_daily_loss'), 0.05)::double;

with live as (
    select
        l.subject_kind,
        l.subject_id,
        coalesce(l.name, account_name(a.account_type, l.subject_id)) as name,
        l.market_date,
        l.reading_time_et,
        l.todays_percent_change as r
    from live_today as l
    left join accounts as a on l.subject_kind = 'account' and a.account_id = l.subject_id
    where l.todays_percent_change is not null and l.value > 0
)

select
    'live_daily_loss' as rule,
    subject_kind,
    subject_id,
    name,
    'warning' as severity,
    r as value,
    -getvariable('alert_daily_loss') as threshold,
    printf(
        '%s is %s %.1f%% today at %s ET on %s (live: Composer''s change since the previous close; alert at a loss of %.1f%%)',
        name, case when r < 0 then 'down' else 'up' end, 100 * abs(r), reading_time_et, strftime(market_date, '%Y-%m-%d'),
        100 * getvariable('alert_daily_loss')
    ) as message,
    market_date as since,
    r < -getvariable('alert_daily_loss') as in_alarm
from live
