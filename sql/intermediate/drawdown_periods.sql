-- drawdown_periods: one row per drawdown episode of a symphony: a fall from a high, its lowest
-- point, and the day it got back to that high.
--   start_date     the high the fall started from
--   trough_date    the lowest day of the episode; depth: the drawdown that day (negative)
--   recovery_date  the first day back at or above the high; NULL while still under water
--   days_to_trough, days_under_water  trading days from the high to the trough / to the recovery
--                  (to the last day when not recovered)
create or replace view drawdown_periods as
with numbered as (
    select
        *,
        count(*) filter (where is_high) over (partition by symphony_id order by day_number rows between unbounded preceding and current row) as episode
    from drawdowns
),

episodes as (
    select
        symphony_id,
        episode,
        min(date) as start_date,
        min(day_number) as start_day,
        min(drawdown) as depth,
        arg_min(date, drawdown) as trough_date,
        arg_min(day_number, drawdown) as trough_day,
        max(day_number) as last_day
    from numbered
    group by symphony_id, episode
),

with_recovery as (
    select
        *,
        lead(start_date) over by_episode as recovery_date,
        lead(start_day) over by_episode as recovery_day
    from episodes
    window by_episode as (partition by symphony_id order by episode)
)

select
    symphony_id,
    start_date,
    trough_date,
    recovery_date,
    depth,
    trough_day - start_day as days_to_trough,
    coalesce(recovery_day, last_day) - start_day as days_under_water
from with_recovery
where depth < 0
