-- series_metrics_of_sums(source): the one definition of every return metric, one row per series,
-- from the sums of its returns in a period. source: the text of a query with one row per series:
--   series_id, base_date, end_date, sums (return_sums(), macros/return_sums.sql; NULL fields
--   when it has no return), max_drawdown, max_drawdown_days, current_drawdown
-- Two queries make such rows: series_sums() from any daily series (series_metrics(): the whole
-- account, the days since an edit, a what-if blend) and symphony_period_sums (symphony_metrics,
-- from monthly sums). Definitions follow empyrical-reloaded (win rate: quantstats); r is the
-- daily return, e = r - rf_d the excess return with rf_d = (1 + risk_free_rate)^(1/ppy) - 1, b
-- the benchmark's excess return, ppy periods_per_year. Moments are central moments of r:
-- m_k = mean((r - mean(r))^k), from the shifted sums s_k = sum((r - shift)^k) with
-- o = s_1 / n: m_2 = s_2/n - o^2, m_3 = s_3/n - 3 o s_2/n + 2 o^3,
-- m_4 = s_4/n - 4 o s_3/n + 6 o^2 s_2/n - 3 o^4. A variance under 1e-24, or under 1e-12 of
-- s_2/n (the rounding left by the subtraction), is floating-point noise: zero.
-- Constant returns (constant_returns(), macros/constant_returns.sql) have no Sharpe ratio,
-- Sortino, psr, interval or minimum track record: a ratio to rounding noise measures nothing.
--   days              trading days with a return in the period (a 1M period of 23 returns: 23)
--   start_date, end_date  the first day with a return and the last day (what the period bar shows)
--   base_date         the day whose close the first return starts from (the day before start_date)
--   total_return      product(1 + r) - 1
--   cagr              (1 + total_return)^(ppy / n) - 1, n = number of returns (Composer uses n + 1);
--                     NULL when that overflows (a few returns of a huge gain: undefined, not infinite)
--   volatility        sample standard deviation of r (m_2 * n / (n - 1))^0.5 * sqrt(ppy); NULL
--                     with fewer than 2 returns
--   sharpe            mean(e) / that standard deviation * sqrt(ppy); NULL with < 2 returns or
--                     constant returns (above)
--   sortino           mean(e) * ppy / (sqrt(mean(min(e, 0)^2)) * sqrt(ppy)); NULL with no down day
--                     or constant returns
--   max_drawdown      the deepest drawdown (negative; 0 when never under water)
--   max_drawdown_days the longest run of days under water; current_drawdown: the last day's
--   calmar            cagr / |max_drawdown|; NULL when there was no drawdown (or one under 1e-12,
--                     which is floating-point noise)
--   win_rate          days with r > 0 / days with r <> 0 (quantstats); NULL when no day moved
--   best_day, worst_day  the largest and smallest daily return
--   pnl               dollars earned net of deposits and withdrawals (sum of daily pnl)
--   last_day_return, last_day_pnl  the return and PnL of the period's last day with a return
--                     (end_date: "today" when the period runs to the snapshot's last day)
--   beta, alpha       on days both have a return: beta = covar_pop(e, b) / var_pop(b) (NULL when
--                     var_pop(b) is noise or under 1e-30), alpha = (1 + mean(e - beta * b))^ppy - 1,
--                     computed as (1 + mean(e) - beta * mean(b))^ppy - 1 over the same days; NULL
--                     when that overflows
-- Skill or luck (macros of macros/sharpe_statistics.sql; every Sharpe ratio in them is per period):
--   sharpe_per_period mean(e) / standard deviation, the daily Sharpe ratio (sharpe / sqrt(ppy))
--   skewness, kurtosis  population moments of e: m_3 / m_2^1.5 and m_4 / m_2^2 (raw: 3 for a normal)
--   psr               probability that the true Sharpe ratio beats psr_benchmark_sharpe
--   sharpe_ci_low, sharpe_ci_high  the annualized Sharpe ratio's two-sided psr_confidence interval,
--                     sharpe +- Phi^-1((1 + c) / 2) * standard error * sqrt(ppy)
--   min_track_record_days  returns needed for psr to reach psr_confidence (NULL when the Sharpe
--                     ratio is not above the benchmark's)
--   statistics_note   why psr is NULL: fewer than 3 returns, or constant returns
create or replace macro series_metrics_of_sums(source) as table
with params as (
    select
        getvariable('periods_per_year')::double as ppy,
        daily_risk_free_rate() as rf_daily
),

quantiles as (
    -- the normal quantiles of psr_confidence, once per query and read once (normal_quantile is
    -- not cheap to plan)
    select
        normal_quantile(getvariable('psr_confidence')) as z_one_sided,
        normal_quantile((1 + getvariable('psr_confidence')) / 2) as z_two_sided
),

counted as (
    select
        q.*,
        coalesce(q.sums.n, 0) as n,
        q.sums.shifted_1 / nullif(q.sums.n, 0) as offset_mean,
        q.sums.shifted_2 / nullif(q.sums.n, 0) as mean_square,
        q.sums.paired_shifted / nullif(q.sums.paired_days, 0) as paired_offset,
        q.sums.benchmark_shifted / nullif(q.sums.paired_days, 0) as benchmark_offset
    -- source is the macro's query text, not a column
    from query(source) as q  -- noqa: RF03
),

moments as (
    select
        c.*,
        c.mean_square - c.offset_mean ^ 2 as raw_m2,
        c.sums.shifted_3 / nullif(c.n, 0) - 3 * c.offset_mean * c.mean_square + 2 * c.offset_mean ^ 3 as m3,
        c.sums.shifted_4 / nullif(c.n, 0) - 4 * c.offset_mean * c.sums.shifted_3 / nullif(c.n, 0)
            + 6 * c.offset_mean ^ 2 * c.mean_square - 3 * c.offset_mean ^ 4 as m4,
        c.sums.shift + c.offset_mean - p.rf_daily as mean_excess,
        c.sums.benchmark_squares / nullif(c.sums.paired_days, 0) - c.benchmark_offset ^ 2 as raw_var_benchmark,
        c.sums.cross_products / nullif(c.sums.paired_days, 0) - c.paired_offset * c.benchmark_offset as cov_benchmark,
        c.sums.shift + c.paired_offset - p.rf_daily as mean_excess_paired,
        c.sums.benchmark_shift + c.benchmark_offset - p.rf_daily as mean_benchmark_paired,
        sqrt(c.sums.downside_squares / nullif(c.n, 0)) as downside_deviation
    from counted as c
    cross join params as p
),

denoised as (
    select
        m.*,
        case when m.raw_m2 > 1e-24 and m.raw_m2 > 1e-12 * m.mean_square then m.raw_m2 else 0.0 end as m2,
        case
            when m.raw_var_benchmark >= 1e-30
                and m.raw_var_benchmark > 1e-12 * m.sums.benchmark_squares / m.sums.paired_days
                then m.raw_var_benchmark
        end as var_benchmark
    from moments as m
),

measured as (
    select
        d.series_id,
        d.sums.first_return_date as start_date,
        d.end_date,
        d.base_date,
        d.n as days,
        d.sums.growth - 1 as total_return,
        case when d.n >= 1 and isfinite(power(d.sums.growth, p.ppy / d.n)) then power(d.sums.growth, p.ppy / d.n) - 1 end as cagr,
        case when d.n >= 2 then sqrt(d.m2 * d.n / (d.n - 1)) end as sd,
        d.mean_excess,
        d.downside_deviation,
        d.max_drawdown,
        d.max_drawdown_days,
        d.current_drawdown,
        d.sums.up_days / nullif(d.sums.moving_days, 0) as win_rate,
        d.sums.best_day,
        d.sums.worst_day,
        coalesce(d.sums.pnl, 0.0) as pnl,
        d.sums.last_day_return,
        d.sums.last_day_pnl,
        d.cov_benchmark / d.var_benchmark as beta,
        d.mean_excess_paired,
        d.mean_benchmark_paired,
        case when d.m2 > 0 then d.m3 / power(d.m2, 1.5) end as skewness,
        case when d.m2 > 0 then d.m4 / (d.m2 * d.m2) end as kurtosis,
        p.ppy,
        p.rf_daily
    from denoised as d
    cross join params as p
),

ratios as (
    select
        m.*,
        case when m.days >= 2 then m.sd * sqrt(m.ppy) end as volatility,
        case when not m.constant then m.mean_excess / m.sd end as sharpe_per_period,
        case when m.downside_deviation > 0 and not m.constant
                then m.mean_excess * m.ppy / (m.downside_deviation * sqrt(m.ppy)) end as sortino
    from (select *, constant_returns(sd, mean_excess + rf_daily) as constant from measured) as m
)

select
    r.series_id,
    r.start_date,
    r.end_date,
    r.base_date,
    r.days,
    r.total_return,
    r.cagr,
    r.volatility,
    r.sharpe_per_period * sqrt(r.ppy) as sharpe,
    r.sortino,
    case when r.max_drawdown < -1e-12 then r.cagr / abs(r.max_drawdown) end as calmar,
    r.max_drawdown,
    r.max_drawdown_days,
    r.current_drawdown,
    r.win_rate,
    r.best_day,
    r.worst_day,
    r.pnl,
    r.last_day_return,
    r.last_day_pnl,
    r.beta,
    case
        when isfinite(power(1 + r.mean_excess_paired - r.beta * r.mean_benchmark_paired, r.ppy))
            then power(1 + r.mean_excess_paired - r.beta * r.mean_benchmark_paired, r.ppy) - 1
    end as alpha,
    r.sharpe_per_period,
    r.skewness,
    r.kurtosis,
    probabilistic_sharpe(r.sharpe_per_period, getvariable('psr_benchmark_sharpe'), r.days, r.skewness, r.kurtosis) as psr,
    r.sharpe_per_period * sqrt(r.ppy)
        - z.z_two_sided * sharpe_standard_error(r.sharpe_per_period, r.days, r.skewness, r.kurtosis) * sqrt(r.ppy) as sharpe_ci_low,
    r.sharpe_per_period * sqrt(r.ppy)
        + z.z_two_sided * sharpe_standard_error(r.sharpe_per_period, r.days, r.skewness, r.kurtosis) * sqrt(r.ppy) as sharpe_ci_high,
    min_track_record(
        r.sharpe_per_period, getvariable('psr_benchmark_sharpe'), r.days, r.skewness, r.kurtosis, z.z_one_sided
    ) as min_track_record_days,
    case
        when r.days < 3 then 'fewer than 3 returns'
        when r.sharpe_per_period is null then 'the returns are constant (no variance to measure risk by)'
    end as statistics_note
from ratios as r
cross join quantiles as z
