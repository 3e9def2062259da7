-- drawdowns: the underwater series, one row per symphony and trading day (see underwater() in
-- macros/underwater.sql): day_number, wealth, peak, drawdown (0 at a high, -0.25 = 25% below
-- the peak), is_high.
create or replace view drawdowns as
select
    series_id as symphony_id,
    date,
    day_number,
    wealth,
    peak,
    drawdown,
    is_high
from underwater('select symphony_id as series_id, date, deposit_adjusted_value from returns_in_range')
