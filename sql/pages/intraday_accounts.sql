-- intraday_accounts: every reading of each account's value on the newest market day read by live_now
-- parameters: none
select account_id, reading_at_et, reading_time_et, value, todays_dollar_change, todays_percent_change, market_date
from intraday_values
where
    subject_kind = 'account'
    and reading_at <= coalesce(getvariable('live_now'), now())
    and market_date = (
        select max(r.market_date) from intraday_readings as r where r.reading_at <= coalesce(getvariable('live_now'), now())
    )
order by account_id, reading_at
