-- yearly_returns: one row per symphony and calendar year of the report period.
--   period_return  compounded daily returns within the period: product(1 + r) - 1
--   pnl            dollars earned in the period net of deposits and withdrawals
--   trading_days   days with a return in the period
--   benchmark_return  the benchmark compounded over those same days
create or replace view yearly_returns as
select
    symphony_id,
    year(date) as year,
    product(1 + daily_return) - 1 as period_return,
    sum(pnl) as pnl,
    count(daily_return) as trading_days,
    product(1 + benchmark_return) filter (where benchmark_return is not null) - 1 as benchmark_return
from returns_in_range
where daily_return is not null
group by all;
