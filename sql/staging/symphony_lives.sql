-- symphony_lives: one row per symphony: its whole live history (the dashboard copies it into a
-- table once per snapshot, so the pages read a thousand rows, not every day).
--   inception_date, last_date  its first and last day of live history
--   returns                    its number of daily returns
create or replace view symphony_lives as
select
    symphony_id,
    any_value(account_id) as account_id,
    min(date) as inception_date,
    max(date) as last_date,
    count(daily_return) as returns
from daily_returns
group by symphony_id
