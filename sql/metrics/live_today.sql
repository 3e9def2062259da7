-- live_today: the latest intraday reading of each account and symphony of the report's account on
-- the newest market day read by live_now (intraday_readings), with how old it is. Composer's
-- figures as read: today's change is against the previous close; no period metric uses them.
--   age_seconds       seconds from the reading to live_now (now() unless set)
--   market_open_now   live_now is inside the reading's session
--   is_stale          the market is open and the reading is older than two of the job's intervals
--   session_over      live_now is at or after the session's close: the reading is the day's last
create or replace view live_today as
with clock as (
    select coalesce(getvariable('live_now'), now()) as live_now
),

known as (
    select r.*
    from intraday_readings as r, clock
    where r.reading_at <= clock.live_now and in_report_scope(r.account_id)
),

newest as (
    select subject_kind, subject_id, max(reading_at) as reading_at
    from known
    where market_date = (select max(k.market_date) from known as k)
    group by subject_kind, subject_id
),

latest as (
    select known.*
    from known
    inner join newest using (subject_kind, subject_id, reading_at)
)

select
    market_date,
    subject_kind,
    subject_id,
    account_id,
    name,
    value,
    todays_dollar_change,
    todays_percent_change,
    as_of,
    reading_at,
    timezone('America/New_York', reading_at) as reading_at_et,
    strftime(timezone('America/New_York', reading_at), '%H:%M') as reading_time_et,
    market_open,
    market_close,
    strftime(timezone('America/New_York', market_close), '%H:%M') as market_close_et,
    interval_seconds,
    epoch(clock.live_now - reading_at) as age_seconds,
    clock.live_now >= market_open and clock.live_now < market_close as market_open_now,
    clock.live_now >= market_open and clock.live_now < market_close
    and epoch(clock.live_now - reading_at) > 2 * interval_seconds as is_stale,
    clock.live_now >= market_close as session_over
from latest, clock;
