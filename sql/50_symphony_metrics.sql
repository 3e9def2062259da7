-- symphony_metrics: one row per symphony, every headline metric of its live history.
-- Definitions follow empyrical-reloaded (win rate: quantstats); r is the daily return from
-- daily_returns, e = r - rf_d the excess return, rf_d = (1 + risk_free_rate)^(1/ppy) - 1.
--   days              trading days with a value (returns are one fewer)
--   total_return      product(1 + r) - 1
--   cagr              (1 + total_return)^(ppy / n) - 1, n = number of returns (Composer uses n + 1)
--   volatility        stddev_samp(r) * sqrt(ppy)
--   sharpe            avg(e) / stddev_samp(e) * sqrt(ppy); NULL with < 2 returns or zero variance
--                     (a standard deviation under 1e-12 a day is floating-point noise: zero)
--   sortino           avg(e) * ppy / (sqrt(avg(min(e, 0)^2)) * sqrt(ppy)); NULL with no down day
--   max_drawdown      min over days of wealth / peak - 1 (negative; 0 when never under water)
--   calmar            cagr / |max_drawdown|; NULL when there was no drawdown
--   max_drawdown_days longest run of trading days under water; current_drawdown: the last day's
--   win_rate          days with r > 0 / days with r <> 0 (quantstats); Composer divides by all days
--   best_day, worst_day  the largest and smallest daily return
--   pnl               dollars earned net of deposits and withdrawals (sum of daily pnl)
--   beta, alpha       against the benchmark on the days both have a return: beta =
--                     covar_pop(e, b) / var_pop(b), alpha = (1 + avg(e - beta * b))^ppy - 1
--   composer_*        Composer's own reported figures (drawdown made negative to compare)
--   short_history     true when days < short_history_days: too short to mean much
create or replace view symphony_metrics as
with params as (
    select
        getvariable('periods_per_year')::double as ppy,
        power(1 + getvariable('risk_free_rate'), 1 / getvariable('periods_per_year')::double) - 1 as rf_daily
),

returns as (
    select
        d.symphony_id,
        d.date,
        d.pnl,
        d.daily_return as r,
        d.daily_return - p.rf_daily as e,
        d.benchmark_return - p.rf_daily as b
    from daily_returns as d, params as p
),

return_stats as (
    select
        symphony_id,
        min(date) as start_date,
        max(date) as end_date,
        count(*) as days,
        sum(pnl) as pnl,
        count(r) as n,
        product(1 + r) as growth,
        avg(e) as mean_excess,
        stddev_samp(e) as sd_excess,
        stddev_samp(r) as sd,
        sqrt(avg(least(e, 0) ^ 2) filter (where e is not null)) as downside_deviation,  -- least() skips NULLs
        count(*) filter (where r > 0) as up_days,
        count(*) filter (where r <> 0) as nonzero_days,
        max(r) as best_day,
        min(r) as worst_day,
        covar_pop(e, b) as cov_benchmark,
        var_pop(b) filter (where e is not null) as var_benchmark
    from returns
    group by symphony_id
),

underwater as (
    select
        symphony_id,
        min(drawdown) as max_drawdown,
        arg_max(drawdown, date) as current_drawdown,
        max(day_number) as last_day
    from drawdowns
    group by symphony_id
),

-- the longest time under water: the widest gap between two highs, or from the last high to the end
highs as (
    select
        d.symphony_id,
        coalesce(lead(d.day_number) over (partition by d.symphony_id order by d.day_number), u.last_day + 1) - d.day_number - 1 as gap
    from drawdowns as d
    inner join underwater as u on u.symphony_id = d.symphony_id
    where d.is_high
),

longest as (
    select symphony_id, max(gap) as max_drawdown_days from highs group by symphony_id
),

measured as (
    select
        s.symphony_id,
        s.start_date,
        s.end_date,
        s.days,
        s.growth - 1 as total_return,
        case when s.n >= 1 then power(s.growth, p.ppy / s.n) - 1 end as cagr,
        case when s.n >= 2 then s.sd * sqrt(p.ppy) end as volatility,
        case when s.n >= 2 and s.sd_excess > 1e-12 then s.mean_excess / s.sd_excess * sqrt(p.ppy) end as sharpe,
        case when s.downside_deviation > 0 then s.mean_excess * p.ppy / (s.downside_deviation * sqrt(p.ppy)) end as sortino,
        u.max_drawdown,
        l.max_drawdown_days,
        u.current_drawdown,
        s.up_days / nullif(s.nonzero_days, 0) as win_rate,
        s.best_day,
        s.worst_day,
        s.pnl,
        case when s.var_benchmark >= 1e-30 then s.cov_benchmark / s.var_benchmark end as beta,
        p.ppy
    from return_stats as s
    cross join params as p
    left join underwater as u on u.symphony_id = s.symphony_id
    left join longest as l on l.symphony_id = s.symphony_id
),

alphas as (
    select
        m.symphony_id,
        power(1 + avg(r.e - m.beta * r.b), any_value(m.ppy)) - 1 as alpha
    from measured as m
    inner join returns as r on r.symphony_id = m.symphony_id
    where r.b is not null and r.e is not null and m.beta is not null
    group by m.symphony_id
),

with_benchmark as (
    select
        m.*,
        case when m.max_drawdown < 0 then m.cagr / abs(m.max_drawdown) end as calmar,
        a.alpha
    from measured as m
    left join alphas as a on a.symphony_id = m.symphony_id
)

select
    y.symphony_id,
    y.name,
    y.account_id,
    w.start_date,
    w.end_date,
    w.days,
    w.total_return,
    w.cagr,
    w.volatility,
    w.sharpe,
    w.sortino,
    w.calmar,
    w.max_drawdown,
    w.max_drawdown_days,
    w.current_drawdown,
    w.win_rate,
    w.best_day,
    w.worst_day,
    w.pnl,
    w.beta,
    w.alpha,
    y.value,
    y.net_deposits,
    y.composer_sharpe,
    -y.composer_max_drawdown as composer_max_drawdown,
    y.composer_annualized_return,
    w.days < getvariable('short_history_days') as short_history
from symphonies as y
left join with_benchmark as w on w.symphony_id = y.symphony_id
