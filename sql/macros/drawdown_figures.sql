-- drawdown_figures(source): per series, its drawdown figures over the days of source (rows of
-- series_id, date, deposit_adjusted_value), measured from the first row's value on (underwater()):
--   max_drawdown       the deepest drawdown (negative; 0 when never under water)
--   max_drawdown_days  the longest run of trading days under water
--   current_drawdown   the drawdown on the last day
-- (windows, which DuckDB spills to disk under its memory_limit; a list of every day per series
-- would hold all of them in memory at once)
create or replace macro drawdown_figures(source) as table
select
    series_id,
    least(min(drawdown), 0.0) as max_drawdown,
    max(underwater_days) as max_drawdown_days,
    arg_max(drawdown, date) as current_drawdown
from underwater(source)
group by series_id
