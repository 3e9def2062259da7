-- Table macros that define every return metric once, for any set of daily series: a symphony's
-- live history, the whole account, the part of a symphony's history since its last edit.
-- Each takes the text of a query whose rows are one series and day:
--   series_id, date, deposit_adjusted_value, and for series_metrics also daily_return (NULL on
--   a series' first row), benchmark_return and pnl.
-- underwater(source): per series and day
--   day_number  1 on the first day, then 2, 3, ...
--   wealth      deposit-adjusted value / first value (the product of (1 + r) so far)
--   peak        the highest wealth so far; drawdown: wealth / peak - 1 (0 at a high, negative below)
--   is_high     the day sets or matches the peak
--   underwater_days  trading days since the series was last at its peak (0 on a high); the
--               longest run under water is the largest of them (daily_returns computes the same
--               over each symphony's whole history, staging/daily_returns.sql)
create or replace macro underwater(source) as table
with running as (
    select
        series_id,
        date,
        deposit_adjusted_value as adjusted,
        first_value(deposit_adjusted_value) over to_date as first_adjusted,
        max(deposit_adjusted_value) over to_date as peak_adjusted,
        row_number() over to_date as day_number
    from query(source)
    window to_date as (partition by series_id order by date rows between unbounded preceding and current row)
)

select
    series_id,
    date,
    day_number,
    adjusted / first_adjusted as wealth,
    peak_adjusted / first_adjusted as peak,
    drawdown(adjusted, peak_adjusted) as drawdown,
    adjusted >= peak_adjusted as is_high,
    day_number - max(case when adjusted >= peak_adjusted then day_number end) over to_date as underwater_days
from running
window to_date as (partition by series_id order by date rows between unbounded preceding and current row);
