-- monthly_sums: return_sums() (macros/return_sums.sql) of each symphony's days in each calendar
-- month, one row per symphony and month (the dashboard copies it into a table once per snapshot):
-- a period's sums add up from the months wholly inside it and the days of the months at its ends
-- (symphony_period_sums).
--   last_date  the symphony's last day in the month (symphony_spans finds period ends with it)
create or replace view monthly_sums as
select
    symphony_id,
    month,
    max(date) as last_date,
    return_sums(
        daily_return, benchmark_return, shift, benchmark_shift, pnl, date, running_drawdown, underwater_days
    ) as sums
from return_terms
group by symphony_id, month
