-- monthly_returns: one row per symphony and calendar month of the report period.
--   period_return  compounded daily returns within the period: product(1 + r) - 1
--   pnl            dollars earned in the period net of deposits and withdrawals
--   trading_days   days with a return in the period
create or replace view monthly_returns as
select
    symphony_id,
    date_trunc('month', date)::date as month,
    product(1 + daily_return) - 1 as period_return,
    sum(pnl) as pnl,
    count(daily_return) as trading_days
from returns_in_range
where daily_return is not null
group by all;
