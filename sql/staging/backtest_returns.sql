-- backtest_returns: one row per symphony and day of its backtest (the symphony's own series, not
-- the benchmarks'): backtest_return = value / previous day's value - 1, NULL on the first day.
-- live_vs_backtest, backtest_drift and the behind_backtest alert compare live returns with it.
create or replace view backtest_returns as
select
    symphony_id,
    date,
    value / lag(value) over (partition by symphony_id order by date) - 1 as backtest_return
from backtest_values
where series = 'symphony';
