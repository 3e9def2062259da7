-- portfolio_daily: the whole account over the report period, one row per account and trading day,
-- deposit-adjusted (account_days(), macros/account_days.sql, of returns_in_range: its first row
-- is the base, the index starts at 1000 there).
create or replace view portfolio_daily as
select * from account_days('select * from returns_in_range')
