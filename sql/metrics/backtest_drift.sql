-- backtest_drift: is live trading drifting away from its backtest by more than noise? Per
-- symphony, over the days since its last edit (or since it went live; within the report period:
-- symphony_returns_since_edit), on days with both a live and a backtest return:
--   days, first_day, last_day  the days compared
--   live_return, backtest_return  compounded over those days
--   growth_gap        (1 + live_return) / (1 + backtest_return) - 1, as live_vs_backtest defines it
--   mean_gap          avg(live r - backtest r), per day; annual_gap: mean_gap * periods_per_year
--   hac_lags          L = floor(4 * (days / 100)^(2/9)) (Newey & West's rule of thumb), or the
--                     variable hac_lags when set
--   hac_t_stat        mean_gap / sqrt(S / days), S the Newey-West long-run variance of the gap:
--                     g0 + 2 * sum over l = 1..L of (1 - l / (L + 1)) * g_l, with
--                     g_l = sum over t > l of (d_t - mean)(d_(t-l) - mean) / days
--   tracking_error    stddev_samp(gap) * sqrt(periods_per_year)
--   correlation       of the live and backtest daily returns
--   verdict           'drifting, significant at <c>%' when |hac_t_stat| > Phi^-1((1 + c) / 2), c =
--                     drift_confidence (default 0.95); 'tracking' otherwise; NULL under 10 days
--   note              why the verdict is NULL
set variable drift_confidence = coalesce(getvariable('drift_confidence'), 0.95)::double;
set variable hac_lags = getvariable('hac_lags')::integer;

create or replace view backtest_drift as
-- (not materialized: a filter on symphony_id reaches the base tables, so one symphony's page reads one symphony)
with paired as not materialized (
    select
        s.series_id as symphony_id,
        s.date,
        s.daily_return as live,
        b.backtest_return as backtest,
        s.daily_return - b.backtest_return as gap,
        row_number() over (partition by s.series_id order by s.date) as k
    from symphony_returns_since_edit as s
    inner join backtest_returns as b on b.symphony_id = s.series_id and b.date = s.date
    where s.daily_return is not null and b.backtest_return is not null
),

summary as not materialized (
    select
        symphony_id,
        count(*) as days,
        min(date) as first_day,
        max(date) as last_day,
        avg(gap) as mean_gap,
        product(1 + live) - 1 as live_return,
        product(1 + backtest) - 1 as backtest_return,
        stddev_samp(gap) as sd_gap,
        corr(live, backtest) as correlation,
        coalesce(getvariable('hac_lags'), floor(4 * power(count(*) / 100, 2 / 9)))::integer as lags
    from paired
    group by symphony_id
),

deviations as not materialized (
    select p.symphony_id, p.k, p.gap - s.mean_gap as deviation, s.lags, s.days
    from paired as p
    inner join summary as s on s.symphony_id = p.symphony_id
),

autocovariances as not materialized (
    select
        a.symphony_id,
        a.k - b.k as lag,
        any_value(a.lags) as lags,
        sum(a.deviation * b.deviation) / any_value(a.days) as autocovariance
    from deviations as a
    inner join deviations as b on b.symphony_id = a.symphony_id and a.k - b.k between 0 and a.lags
    group by a.symphony_id, a.k - b.k
),

long_run as not materialized (
    select
        symphony_id,
        sum(case when lag = 0 then autocovariance else 2 * (1 - lag / (lags + 1)) * autocovariance end) as variance
    from autocovariances
    group by symphony_id
),

tested as not materialized (
    select
        s.*,
        case when s.days >= 10 and l.variance > 0 then s.mean_gap / sqrt(l.variance / s.days) end as hac_t_stat
    from summary as s
    left join long_run as l on l.symphony_id = s.symphony_id
)

select
    symphony_id,
    days,
    first_day,
    last_day,
    live_return,
    backtest_return,
    (1 + live_return) / (1 + backtest_return) - 1 as growth_gap,
    mean_gap,
    mean_gap * getvariable('periods_per_year') as annual_gap,
    lags as hac_lags,
    hac_t_stat,
    sd_gap * sqrt(getvariable('periods_per_year')) as tracking_error,
    correlation,
    case
        when hac_t_stat is null then null
        when abs(hac_t_stat) > normal_quantile((1 + getvariable('drift_confidence')) / 2)
            then printf('drifting, significant at %d%%', round(100 * getvariable('drift_confidence'))::integer)
        else 'tracking'
    end as verdict,
    case
        when days < 10 then 'fewer than 10 days with a live and a backtest return'
        when hac_t_stat is null then 'the live and backtest returns do not differ'
    end as note
from tested;
