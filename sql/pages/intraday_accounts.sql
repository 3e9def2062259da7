-- intraday_accounts: every reading of each account's value on the market day live_today shows, up to live_now
-- parameters: none
select account_id, reading_at_et, reading_time_et, value, todays_dollar_change, todays_percent_change, market_date
from intraday_values
where
    subject_kind = 'account'
    and market_date = (select max(l.market_date) from live_today as l)
    and reading_at <= coalesce(getvariable('live_now'), now())
order by account_id, reading_at
