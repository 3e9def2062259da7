-- The table macro that defines every return metric once, for any set of daily series: a symphony's
-- live history, the whole account, the part of a symphony's history since its last edit.
-- Each takes the text of a query whose rows are one series and day:
--   series_id, date, deposit_adjusted_value, and for series_metrics also daily_return (NULL on
--   a series' first row), benchmark_return, pnl, and peak_adjusted, underwater_days, from_start:
--   a series whose rows all have from_start true carries its running peak and days under water
--   since its first row (daily_returns computes them once per snapshot), so its drawdown figures
--   are read from them; the others' (NULL, NULL, false) are computed here with underwater().
-- series_metrics(source): one row per series. Definitions follow empyrical-reloaded (win rate:
-- quantstats); r is the daily return, e = r - rf_d the excess return with
-- rf_d = (1 + risk_free_rate)^(1/ppy) - 1, b the benchmark's excess return, ppy periods_per_year.
--   days              trading days with a return in the period (a 1M period of 23 returns: 23)
--   start_date, end_date  the first and last day with a return (what the period bar shows)
--   base_date         the day whose close the first return starts from (the day before start_date)
--   total_return      product(1 + r) - 1
--   cagr              (1 + total_return)^(ppy / n) - 1, n = number of returns (Composer uses n + 1)
--   volatility        stddev_samp(r) * sqrt(ppy); NULL with fewer than 2 returns
--   sharpe            avg(e) / stddev_samp(e) * sqrt(ppy); NULL with < 2 returns or zero variance
--                     (a standard deviation under 1e-12 a day is floating-point noise: zero)
--   sortino           avg(e) * ppy / (sqrt(avg(min(e, 0)^2)) * sqrt(ppy)); NULL with no down day
--   max_drawdown      min of underwater().drawdown (negative; 0 when never under water)
--   max_drawdown_days the longest run of days under water; current_drawdown: the last day's
--   calmar            cagr / |max_drawdown|; NULL when there was no drawdown (or one under 1e-12,
--                     which is floating-point noise)
--   win_rate          days with r > 0 / days with r <> 0 (quantstats); NULL when no day moved
--   best_day, worst_day  the largest and smallest daily return
--   pnl               dollars earned net of deposits and withdrawals (sum of daily pnl)
--   last_day_return, last_day_pnl  the return and PnL of the period's last day with a return
--                     (end_date: "today" when the period runs to the snapshot's last day)
--   beta, alpha       on days both have a return: beta = covar_pop(e, b) / var_pop(b) (NULL when
--                     var_pop(b) < 1e-30), alpha = (1 + avg(e - beta * b))^ppy - 1, computed as
--                     (1 + avg(e) - beta * avg(b))^ppy - 1 over the same days (one pass)
-- Skill or luck (macros of 240_macro_sharpe_dispersion.sql; every Sharpe ratio in them is per period):
--   sharpe_per_period avg(e) / stddev_samp(e), the daily Sharpe ratio (sharpe / sqrt(ppy))
--   skewness, kurtosis  population moments of e: m3 / m2^1.5 and m4 / m2^2 (raw: 3 for a normal)
--   psr               probability that the true Sharpe ratio beats psr_benchmark_sharpe
--   sharpe_ci_low, sharpe_ci_high  the annualized Sharpe ratio's two-sided psr_confidence interval,
--                     sharpe +- Phi^-1((1 + c) / 2) * standard error * sqrt(ppy)
--   min_track_record_days  returns needed for psr to reach psr_confidence (NULL when the Sharpe
--                     ratio is not above the benchmark's)
--   statistics_note   why psr is NULL: fewer than 3 returns, or no variance
create or replace macro series_metrics(source) as table
with params as (
    select
        getvariable('periods_per_year')::double as ppy,
        daily_risk_free_rate() as rf_daily,
        -- the normal quantiles of psr_confidence, once per query (normal_quantile is not cheap)
        normal_quantile(getvariable('psr_confidence')) as z_one_sided,
        normal_quantile((1 + getvariable('psr_confidence')) / 2) as z_two_sided
),

-- each series' mean return, for the moments: two passes (no cancellation), joined rather than a
-- window over every row (a window holds all rows at once; this join streams them)
means as (
    select series_id, avg(daily_return) as mean_return
    from query(source)
    group by series_id
),

returns as (
    select
        s.series_id,
        s.date,
        s.pnl,
        s.daily_return as r,
        s.daily_return - p.rf_daily as e,
        s.benchmark_return - p.rf_daily as b,
        s.from_start,
        drawdown(s.deposit_adjusted_value, s.peak_adjusted) as running_drawdown,
        s.underwater_days,
        s.daily_return - m.mean_return as d
    from query(source) as s
    inner join means as m on m.series_id = s.series_id
    cross join params as p
),

return_stats as (
    select
        series_id,
        min(date) filter (where r is not null) as start_date,
        max(date) as end_date,
        min(date) as base_date,
        count(r) as n,
        sum(pnl) as pnl,
        product(1 + r) as growth,
        avg(e) as mean_excess,
        stddev_samp(r) as sd,  -- = stddev_samp(e): e is r shifted by a constant
        sqrt(avg(least(e, 0) ^ 2) filter (where e is not null)) as downside_deviation,  -- least() skips NULLs
        count(*) filter (where r > 0) as up_days,
        count(*) filter (where r <> 0) as nonzero_days,
        max(r) as best_day,
        min(r) as worst_day,
        arg_max({ 'r': r, 'pnl': pnl }, date) filter (where r is not null) as last_day,
        covar_pop(e, b) as cov_benchmark,
        var_pop(b) filter (where e is not null) as var_benchmark,
        avg(e) filter (where b is not null) as mean_excess_paired,
        avg(b) filter (where e is not null) as mean_benchmark_paired,
        avg(d * d) as m2,
        avg(d * d * d) as m3,
        avg(d * d * d * d) as m4,
        bool_and(from_start) as from_start,
        min(running_drawdown) as deepest_running,
        max(underwater_days) as longest_running,
        arg_max(running_drawdown, date) as last_running
    from returns
    group by series_id
),

-- the drawdown figures of the series without from_start, from underwater() (windows, which DuckDB
-- spills to disk under its memory_limit; a list of every day per series would hold all of them
-- in memory at once)
drawdown_stats as (
    select
        series_id,
        least(min(drawdown), 0.0) as max_dd,
        max(underwater_days) as longest,
        arg_max(drawdown, date) as current_dd
    from underwater('select * from (' || source || ') where not from_start')
    group by series_id
),

measured as (
    select
        s.series_id,
        s.start_date,
        s.end_date,
        s.base_date,
        s.n as days,
        s.growth - 1 as total_return,
        case when s.n >= 1 then power(s.growth, p.ppy / s.n) - 1 end as cagr,
        case when s.n >= 2 then s.sd * sqrt(p.ppy) end as volatility,
        case when s.n >= 2 and s.sd > 1e-12 then s.mean_excess / s.sd * sqrt(p.ppy) end as sharpe,
        case when s.downside_deviation > 0 then s.mean_excess * p.ppy / (s.downside_deviation * sqrt(p.ppy)) end as sortino,
        case when s.from_start then least(s.deepest_running, 0.0) else d.max_dd end as max_drawdown,
        case when s.from_start then s.longest_running else d.longest end as max_drawdown_days,
        case when s.from_start then s.last_running else d.current_dd end as current_drawdown,
        s.up_days / nullif(s.nonzero_days, 0) as win_rate,
        s.best_day,
        s.worst_day,
        s.pnl,
        s.last_day.r as last_day_return,
        s.last_day.pnl as last_day_pnl,
        case when s.var_benchmark >= 1e-30 then s.cov_benchmark / s.var_benchmark end as beta,
        s.mean_excess_paired,
        s.mean_benchmark_paired,
        case when s.n >= 2 and s.sd > 1e-12 then s.mean_excess / s.sd end as sharpe_per_period,
        case when s.m2 > 1e-24 then s.m3 / power(s.m2, 1.5) end as skewness,
        case when s.m2 > 1e-24 then s.m4 / (s.m2 * s.m2) end as kurtosis,
        s.n,
        p.ppy,
        p.z_one_sided,
        p.z_two_sided
    from return_stats as s
    cross join params as p
    left join drawdown_stats as d on d.series_id = s.series_id
)

select
    m.series_id,
    m.start_date,
    m.end_date,
    m.base_date,
    m.days,
    m.total_return,
    m.cagr,
    m.volatility,
    m.sharpe,
    m.sortino,
    case when m.max_drawdown < -1e-12 then m.cagr / abs(m.max_drawdown) end as calmar,
    m.max_drawdown,
    m.max_drawdown_days,
    m.current_drawdown,
    m.win_rate,
    m.best_day,
    m.worst_day,
    m.pnl,
    m.last_day_return,
    m.last_day_pnl,
    m.beta,
    power(1 + m.mean_excess_paired - m.beta * m.mean_benchmark_paired, m.ppy) - 1 as alpha,
    m.sharpe_per_period,
    m.skewness,
    m.kurtosis,
    probabilistic_sharpe(m.sharpe_per_period, getvariable('psr_benchmark_sharpe'), m.n, m.skewness, m.kurtosis) as psr,
    m.sharpe - m.z_two_sided * sharpe_standard_error(m.sharpe_per_period, m.n, m.skewness, m.kurtosis) * sqrt(m.ppy) as sharpe_ci_low,
    m.sharpe + m.z_two_sided * sharpe_standard_error(m.sharpe_per_period, m.n, m.skewness, m.kurtosis) * sqrt(m.ppy) as sharpe_ci_high,
    min_track_record(
        m.sharpe_per_period, getvariable('psr_benchmark_sharpe'), m.n, m.skewness, m.kurtosis, m.z_one_sided
    ) as min_track_record_days,
    case
        when m.n < 3 then 'fewer than 3 returns'
        when m.sharpe_per_period is null then 'no variance in the returns'
    end as statistics_note
from measured as m;
