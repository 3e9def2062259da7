-- symphony_metrics: one row per symphony, every headline metric of its live history in the
-- report period (all of it unless range_start / range_end are set), with Composer's own figures
-- beside (definitions: macros/series_metrics_of_sums.sql, from symphony_period_sums: the sums of
-- the period's returns added up from monthly sums, equal to series_metrics() of returns_in_range).
--   composer_sharpe, composer_annualized_return  as Composer reports them
--   composer_max_drawdown  Composer's drawdown made negative, to compare with max_drawdown
--   value                  the symphony's dollar value on its last day in the period (end_date)
--   last_day_return, last_day_pnl, current_drawdown  as series_metrics_of_sums() defines them, but
--                          NULL when the symphony has no value on the period's last trading day
--                          (period_last_day: the last day of any symphony of the report scope in
--                          the period): one liquidated earlier has no move or drawdown "today"
--   current_drawdown       from the highest value inside the period (the period's peak)
--   current_drawdown_all_time  on the period's last trading day, from the highest value of its whole
--                          history before it (the all-time peak; what the drawdown alert reads); NULL
--                          like current_drawdown
--   period_last_day        the period's last trading day (see above)
--   value_today, net_deposits  its dollar value and net deposits at the snapshot (Composer's)
--   short_history          fewer than short_history_days trading days: too short to mean much
--   status                 over its whole history: 'liquidated' (no value after liquidated_on,
--                          while the account has later days), 'new' (fewer than
--                          short_history_days returns so far) or 'live'
--   inception_date         its first day of live history
--   trials, deflated_sharpe  the deflated Sharpe ratio (macros/sharpe_statistics.sql) with the
--                          symphonies ranked here as the trials: trials = how many have a Sharpe
--                          ratio in the period, their variance the spread of those ratios
--   versions, deflated_sharpe_versions  the same with the symphony's saved versions as the trials
--                          (each edit is a trial; Composer gives no result per version, so the
--                          spread of Sharpe ratios is the symphonies' above)
create or replace view symphony_metrics as
with metrics as materialized (
    -- computed once, read by ranked and the final select
    select * from series_metrics_of_sums('select * from symphony_period_sums')
),

at_end as (
    -- each symphony's dollar value and all-time drawdown on its last day in the period
    select t.symphony_id, t.value, t.running_drawdown
    from return_terms as t
    inner join symphony_spans as s
        on s.symphony_id = t.symphony_id and t.month = date_trunc('month', s.end_date)::date and t.date = s.end_date
),

versions as (
    select symphony_id, count(*) as versions
    from symphony_versions
    group by symphony_id
),

ranked as (
    -- the set being ranked: the symphonies of the report scope with a Sharpe ratio in the period
    select count(m.sharpe_per_period) as trials, var_samp(m.sharpe_per_period) as sharpe_variance
    from symphonies as y
    inner join metrics as m on m.series_id = y.symphony_id
    where in_report_scope(y.account_id)
),

selection_bars as (
    -- SR0 once per number of trials (normal_quantile is not cheap), as a map from trials to SR0
    select map_from_entries(list({ 'trials': t.trials, 'sr0': expected_max_sharpe(t.trials, r.sharpe_variance) })) as sr0
    from (select versions as trials from versions union select trials from ranked union select 1) as t
    cross join ranked as r
),

snapshot_end as (
    -- the last day of any symphony of the snapshot (monthly_sums: a few rows a symphony)
    select max(last_date) as last_date from monthly_sums
),

period_end as (
    select max(end_date) as last_day from symphony_spans
)

select
    y.symphony_id,
    y.name,
    y.account_id,
    -- every column series_metrics_of_sums() defines, in its order
    m.* exclude (series_id) replace (
        case when m.end_date = p.last_day then m.last_day_return end as last_day_return,
        case when m.end_date = p.last_day then m.last_day_pnl end as last_day_pnl,
        case when m.end_date = p.last_day then m.current_drawdown end as current_drawdown
    ),
    case when m.end_date = p.last_day then a.running_drawdown end as current_drawdown_all_time,
    p.last_day as period_last_day,
    a.value,
    y.value as value_today,
    y.net_deposits,
    y.composer_sharpe,
    -y.composer_max_drawdown as composer_max_drawdown,
    y.composer_annualized_return,
    m.days < getvariable('short_history_days') as short_history,
    case
        when l.last_date < e.last_date then 'liquidated'
        when l.returns < getvariable('short_history_days') then 'new'
        else 'live'
    end as status,
    case when l.last_date < e.last_date then l.last_date end as liquidated_on,
    l.inception_date,
    r.trials,
    probabilistic_sharpe(m.sharpe_per_period, b.sr0[r.trials], m.days, m.skewness, m.kurtosis) as deflated_sharpe,
    coalesce(v.versions, 1) as versions,
    probabilistic_sharpe(m.sharpe_per_period, b.sr0[coalesce(v.versions, 1)], m.days, m.skewness, m.kurtosis) as deflated_sharpe_versions
from symphonies as y
left join metrics as m on m.series_id = y.symphony_id
left join at_end as a on a.symphony_id = y.symphony_id
left join symphony_lives as l on l.symphony_id = y.symphony_id
left join versions as v on v.symphony_id = y.symphony_id
cross join ranked as r
cross join snapshot_end as e
cross join period_end as p
cross join selection_bars as b
where in_report_scope(y.account_id)
