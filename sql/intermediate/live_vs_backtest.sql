-- live_vs_backtest: per symphony, live trading against its backtest on the days both exist.
--   common_days      days with a live and a backtest return
--   live_return, backtest_return  compounded returns over those days
--   growth_gap       (1 + live_return) / (1 + backtest_return) - 1: where live's growth ended
--                    relative to the backtest's over those days (negative: live trails), a
--                    fraction of the backtest's growth. Scale-free, unlike the difference of the
--                    two returns in points, which grows with the returns themselves (live +634%
--                    against a backtest's +646% is 1.6% behind, not 12 points)
--   tracking_error   stddev_samp(live r - backtest r) * sqrt(ppy)
--   correlation      of live and backtest daily returns
--   backtest_sharpe, backtest_max_drawdown, backtest_annualized_return  Composer's backtest stats
--                    (drawdown made negative), over the backtest's whole span:
--   backtest_first_day, backtest_last_day  the span Composer's backtest stats cover
create or replace view live_vs_backtest as
with paired as (
    select
        d.symphony_id,
        d.daily_return as live,
        b.backtest_return as backtest
    from returns_in_range as d
    inner join backtest_returns as b on b.symphony_id = d.symphony_id and b.date = d.date
    where d.daily_return is not null and b.backtest_return is not null
),

compared as (
    select
        symphony_id,
        count(*) as common_days,
        product(1 + live) - 1 as live_return,
        product(1 + backtest) - 1 as backtest_return,
        stddev_samp(live - backtest) * sqrt(getvariable('periods_per_year')) as tracking_error,
        corr(live, backtest) as correlation
    from paired
    group by symphony_id
),

spans as (
    select symphony_id, min(date) as backtest_first_day, max(date) as backtest_last_day
    from backtest_values
    where series = 'symphony'
    group by symphony_id
)

select
    y.symphony_id,
    y.name,
    c.common_days,
    c.live_return,
    c.backtest_return,
    (1 + c.live_return) / (1 + c.backtest_return) - 1 as growth_gap,
    c.tracking_error,
    c.correlation,
    s.sharpe_ratio as backtest_sharpe,
    -s.max_drawdown as backtest_max_drawdown,
    s.annualized_rate_of_return as backtest_annualized_return,
    p.backtest_first_day,
    p.backtest_last_day
from symphonies as y
left join compared as c on c.symphony_id = y.symphony_id
left join backtest_stats as s on s.symphony_id = y.symphony_id
left join spans as p on p.symphony_id = y.symphony_id
where in_report_scope(y.account_id)
