-- rolling_metrics: one row per symphony, trading day and window length (rolling_window_short,
-- _medium, _long: 63, 126, 252 returns by default).
--   sharpe      avg(e) / stddev_samp(e) * sqrt(ppy) over the last `window_days` returns
--   volatility  stddev_samp(r) * sqrt(ppy) over the same returns
-- NULL until a full window of returns exists (and Sharpe when the window's returns are constant:
-- constant_returns(), macros/constant_returns.sql).
-- Windows look back over the whole history (daily_returns); only the days of the report
-- period (range_start .. range_end) are returned.
create or replace view rolling_metrics as
with params as (
    select
        getvariable('periods_per_year')::double as ppy,
        daily_risk_free_rate() as rf_daily
),

windows as (
    select unnest([
        getvariable('rolling_window_short'), getvariable('rolling_window_medium'), getvariable('rolling_window_long')
    ]) as window_days
),

returns as (
    select
        d.symphony_id,
        d.date,
        d.daily_return as r,
        d.daily_return - p.rf_daily as e,
        row_number() over (partition by d.symphony_id order by d.date) as n
    from daily_returns as d, params as p
    where d.daily_return is not null and in_report_scope(d.account_id)
),

rolled as (
    select
        r.symphony_id,
        r.date,
        w.window_days,
        r.n,
        avg(r.e) over last_n as mean_excess,
        avg(r.r) over last_n as mean_return,
        stddev_samp(r.e) over last_n as sd_excess,
        stddev_samp(r.r) over last_n as sd
    from returns as r, windows as w
    window last_n as (
        partition by r.symphony_id, w.window_days order by r.date
        rows between w.window_days - 1 preceding and current row
    )
)

select
    r.symphony_id,
    r.date,
    r.window_days,
    case when r.n >= r.window_days and not constant_returns(r.sd, r.mean_return) then r.mean_excess / r.sd_excess * sqrt(p.ppy) end as sharpe,
    case when r.n >= r.window_days then r.sd * sqrt(p.ppy) end as volatility
from rolled as r, params as p
where r.date between (select first_day from report_period) and (select last_day from report_period)
