-- intraday_values: every intraday reading of an account or a symphony, with its time in New York
-- (the market's time zone, explicit: reading_time_et is wall-clock time there). Live values are
-- for today's view and the live alerts only: no period metric reads them.
--   reading_at_et     the reading's New York date and time (timestamp without time zone)
--   reading_time_et   'HH:MM' in New York, as the pages label a reading
create or replace view intraday_values as
select
    market_date,
    reading_at,
    timezone('America/New_York', reading_at) as reading_at_et,
    strftime(timezone('America/New_York', reading_at), '%H:%M') as reading_time_et,
    market_open,
    market_close,
    interval_seconds,
    account_id,
    subject_kind,
    subject_id,
    name,
    value,
    todays_dollar_change,
    todays_percent_change,
    as_of
from intraday_readings
where in_report_scope(account_id);
