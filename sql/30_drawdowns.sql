-- drawdowns: the underwater series, one row per symphony and trading day.
--   wealth     growth of 1 invested at the start: the product of (1 + r) up to that day.
--   peak       the highest wealth so far (the start counts as 1).
--   drawdown   wealth / peak - 1: 0 at a new high, negative under water (-0.25 = 25% down).
--   underwater_streak  trading days in a row spent under water up to that day.
create or replace view drawdowns as
with wealth as (
    select
        symphony_id,
        date,
        product(1 + coalesce(daily_return, 0)) over running as wealth
    from daily_returns
    window running as (partition by symphony_id order by date rows between unbounded preceding and current row)
),

peaks as (
    select
        *,
        greatest(1.0, max(wealth) over running) as peak
    from wealth
    window running as (partition by symphony_id order by date rows between unbounded preceding and current row)
),

episodes as (
    select
        *,
        wealth / peak - 1 as drawdown,
        count(*) filter (where wealth >= peak) over running as episode
    from peaks
    window running as (partition by symphony_id order by date rows between unbounded preceding and current row)
)

select
    symphony_id,
    date,
    wealth,
    peak,
    drawdown,
    count(*) filter (where drawdown < 0) over (partition by symphony_id, episode order by date) as underwater_streak
from episodes
