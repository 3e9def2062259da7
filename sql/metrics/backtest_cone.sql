-- backtest_cone: the backtest's distribution before the symphony went live, for the cone drawn
-- around live growth: mean and sample standard deviation of the backtest's daily log returns
-- (ln(1 + r)) on days before the first live day, and how many there were.
create or replace view backtest_cone as
with first_live as (
    select symphony_id, min(date) as first_day
    from daily_values
    group by symphony_id
)

select
    b.symphony_id,
    count(b.backtest_return) as days,
    avg(ln(1 + b.backtest_return)) as mean_log_return,
    stddev_samp(ln(1 + b.backtest_return)) as sd_log_return
from backtest_returns as b
inner join first_live as f on f.symphony_id = b.symphony_id
where b.date < f.first_day
group by b.symphony_id;
