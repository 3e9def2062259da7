-- symphony_metrics: one row per symphony, every headline metric of its live history in the
-- report period (returns_in_range: all of it unless range_start / range_end are set)
-- (definitions: series_metrics() in 25_series_macros.sql), with Composer's own figures beside.
--   composer_sharpe, composer_annualized_return  as Composer reports them
--   composer_max_drawdown  Composer's drawdown made negative, to compare with max_drawdown
--   value, net_deposits    the symphony's dollar value and net deposits at the snapshot
--   short_history          fewer than short_history_days trading days: too short to mean much
create or replace view symphony_metrics as
with metrics as (
    select *
    from series_metrics('
        select symphony_id as series_id, date, deposit_adjusted_value, daily_return, benchmark_return, pnl
        from returns_in_range')
)

select
    y.symphony_id,
    y.name,
    y.account_id,
    m.* exclude (series_id),  -- every column series_metrics() defines, in its order
    y.value,
    y.net_deposits,
    y.composer_sharpe,
    -y.composer_max_drawdown as composer_max_drawdown,
    y.composer_annualized_return,
    m.days < getvariable('short_history_days') as short_history
from symphonies as y
left join metrics as m on m.series_id = y.symphony_id
where in_report_scope(y.account_id)
