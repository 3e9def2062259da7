-- returns_in_range: daily_returns within the report period (range_start .. range_end, see
-- parameters.sql), the view every metric reads. Each symphony's first row is its base: the
-- last trading day before range_start (or its first day, when it started inside the period),
-- with daily_return and benchmark_return NULL, pnl 0 and its value counted as the money it
-- starts with (net_flow = value), exactly like the first day of its whole history.
-- Symphonies with no trading day inside the period have no rows. With both bounds NULL this is
-- daily_returns unchanged. Only the symphonies of the report's account (account_scope) are in it.
-- from_start: the period starts at the symphony's first day, so daily_returns' all-history
-- peak_adjusted and underwater_days hold for the period too (series_sums() reads them).
-- symphony_spans (staging/symphony_spans.sql) gives symphony_metrics the same bounds from
-- monthly sums (tests/test_period_sums.py holds the two to the same days); this view keeps one
-- aggregate over daily_returns, which every page query plans cheaply.
create or replace view returns_in_range as
with bases as (
    select
        d.symphony_id,
        period_base_date(d.date, b.first_day) as base_date,
        min(d.date) as first_date
    from daily_returns as d, report_period as b
    where d.date <= b.last_day and in_report_scope(d.account_id)
    group by d.symphony_id
    having max(d.date) >= any_value(b.first_day)
)

select
    d.account_id,
    d.symphony_id,
    d.date,
    d.value,
    d.deposit_adjusted_value,
    case when d.date > s.base_date then d.daily_return end as daily_return,
    case when d.date > s.base_date then d.pnl else 0 end as pnl,
    case when d.date > s.base_date then d.net_flow else d.value end as net_flow,
    case when d.date > s.base_date then d.benchmark_return end as benchmark_return,
    d.peak_adjusted,
    d.underwater_days,
    s.base_date = s.first_date as from_start
from daily_returns as d
inner join bases as s on s.symphony_id = d.symphony_id
cross join report_period as b
where d.date >= s.base_date and d.date <= b.last_day
