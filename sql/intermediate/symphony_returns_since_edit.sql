-- symphony_returns_since_edit: each symphony's returns_in_range rows from the close on or before
-- its last edit (symphonies.last_edit_at) on: the out-of-sample part of its live history, since an
-- edit changes the strategy. Within a report period the base is the later of the edit and the
-- period's base. A symphony never edited during its live history keeps every row (and its
-- from_start, so series_metrics() reads its running drawdown columns instead of recomputing them).
create or replace view symphony_returns_since_edit as
with bases as (
    select
        d.symphony_id,
        coalesce(max(d.date) filter (where d.date <= y.last_edit_at::date), min(d.date)) as base_date,
        min(d.date) as first_date
    from returns_in_range as d
    inner join symphonies as y on y.symphony_id = d.symphony_id
    group by d.symphony_id
)

select
    d.symphony_id as series_id,
    d.date,
    d.deposit_adjusted_value,
    case when d.date > b.base_date then d.daily_return end as daily_return,
    d.benchmark_return,
    case when d.date > b.base_date then d.pnl else 0 end as pnl,
    d.peak_adjusted,
    d.underwater_days,
    d.from_start and b.base_date = b.first_date as from_start
from returns_in_range as d
inner join bases as b on b.symphony_id = d.symphony_id
where d.date >= b.base_date;
