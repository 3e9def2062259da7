-- symphony_metrics: one row per symphony, every headline metric of its live history in the
-- report period (all of it unless range_start / range_end are set), with Composer's own figures
-- beside. The formulas are series_metrics_of_sums() (macros/series_metrics_of_sums.sql), here over
-- symphony_period_sums: the sums of the period's returns added up from monthly sums, equal to
-- series_metrics() of returns_in_range. What each column measures, in words, is its comment at
-- the end of this file. Here beyond the formulas:
--   last_day_return, last_day_pnl, current_drawdown, current_drawdown_all_time are NULL when the
--   symphony has no value on the period's last trading day (period_last_day: the last day of any
--   symphony of the report scope in the period): one liquidated earlier has no move or drawdown
--   "today"; status is 'liquidated' when it has no value after liquidated_on while the account
--   has later days; trials and versions are the N of the two deflated Sharpe ratios.
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
where in_report_scope(y.account_id);

-- What each column measures, in words: the dashboard's tooltips, the README's metric table and
-- `select column_name, comment from duckdb_columns() where table_name = 'symphony_metrics'` in the
-- DuckDB CLI all read these ({periods_per_year} is filled in with METRICS_PERIODS_PER_YEAR).
comment on column symphony_metrics.status is 'Over the symphony''s whole history: live, new (under 3 months of returns so far) or liquidated (with its last day).';
comment on column symphony_metrics.last_day_return is 'Return of the period''s last trading day (today''s, when the period runs to the latest data); empty for a symphony with no value that day (liquidated before it).';
comment on column symphony_metrics.last_day_pnl is 'Dollars earned on the period''s last trading day, net of deposits; empty for a symphony with no value that day.';
comment on column symphony_metrics.days is 'Trading days with a return in the period (the close before the first is the base).';
comment on column symphony_metrics.total_return is 'Cumulative: compounded return over the whole period, from deposit-adjusted values (not annualized).';
comment on column symphony_metrics.cagr is 'Annualized return: (1 + total return)^({periods_per_year} / number of returns) − 1.';
comment on column symphony_metrics.volatility is 'Annualized standard deviation of daily returns (sample, × √{periods_per_year}).';
comment on column symphony_metrics.sharpe is 'Annualized: mean daily excess return / its sample standard deviation × √{periods_per_year}; empty when the returns are constant.';
comment on column symphony_metrics.psr is 'Probabilistic Sharpe ratio: the probability that the true Sharpe ratio is above 0, given how many returns there are and how skewed and fat-tailed they are (Bailey & López de Prado 2012). Few returns give wide uncertainty: in grey italic rows (under 3 months) do not trust it.';
comment on column symphony_metrics.deflated_sharpe is 'Deflated Sharpe ratio: the same probability after allowing for having picked the best of the N symphonies in this table (N is stated above it); a high Sharpe that is likely luck of the draw scores low.';
comment on column symphony_metrics.composer_sharpe is 'Sharpe ratio as Composer reports it, over the symphony''s whole history whatever the period.';
comment on column symphony_metrics.sortino is 'Annualized: mean excess return × {periods_per_year} / (downside deviation × √{periods_per_year}); empty with no down day.';
comment on column symphony_metrics.max_drawdown is 'Worst fall from a peak of the compounded wealth curve, within the period.';
comment on column symphony_metrics.composer_max_drawdown is 'Maximum drawdown as Composer reports it, over the whole history.';
comment on column symphony_metrics.current_drawdown is 'How far below its highest value within the period the symphony is on the period''s last trading day; empty for a symphony liquidated before it. The drawdown alert measures from the all-time peak instead.';
comment on column symphony_metrics.calmar is 'CAGR / |max drawdown|: annualized; empty when there was no drawdown.';
comment on column symphony_metrics.win_rate is 'Up days / days that moved (days with a zero return are left out; Composer counts all days).';
comment on column symphony_metrics.best_day is 'Largest daily return in the period.';
comment on column symphony_metrics.worst_day is 'Smallest daily return in the period.';
comment on column symphony_metrics.pnl is 'Dollars earned over the period, net of deposits and withdrawals.';
comment on column symphony_metrics.beta is 'Sensitivity to the benchmark''s daily returns (covariance / benchmark variance).';
comment on column symphony_metrics.alpha is 'Annualized from the average day: (1 + mean daily excess return not explained by beta × benchmark)^{periods_per_year} − 1 (empyrical''s definition). It compounds the average day, CAGR the actual path: for a volatile strategy the average day is higher than the typical one, so alpha can exceed CAGR without anything being wrong.';
comment on column symphony_metrics.value is 'Dollar value on the period''s last trading day (Composer''s value today is value_today in the CSV).';
comment on column symphony_metrics.symphony_id is 'The symphony''s id in Composer.';
comment on column symphony_metrics.name is 'The symphony''s name in Composer.';
comment on column symphony_metrics.account_id is 'The account the symphony trades in.';
comment on column symphony_metrics.start_date is 'The first day with a return in the period.';
comment on column symphony_metrics.end_date is 'The last day in the period with a value.';
comment on column symphony_metrics.base_date is 'The day whose close the first return of the period starts from (the trading day before start_date).';
comment on column symphony_metrics.max_drawdown_days is 'The longest run of trading days under water within the period.';
comment on column symphony_metrics.current_drawdown_all_time is 'How far below the highest value of its whole history (the all-time peak) the symphony is on the period''s last trading day: what the drawdown alert reads; empty for a symphony liquidated before it.';
comment on column symphony_metrics.period_last_day is 'The period''s last trading day: the last day any symphony of the account picked has a value in the period.';
comment on column symphony_metrics.value_today is 'The symphony''s dollar value at the snapshot, as Composer reports it.';
comment on column symphony_metrics.net_deposits is 'Deposits less withdrawals over the symphony''s whole history, as Composer reports them at the snapshot.';
comment on column symphony_metrics.composer_annualized_return is 'Annualized return as Composer reports it, over the symphony''s whole history whatever the period.';
comment on column symphony_metrics.short_history is 'True when the period has fewer than short_history_days (63) trading days: its annualized figures are too short to mean much.';
comment on column symphony_metrics.liquidated_on is 'The last day with a value of a symphony liquidated before the account''s last day; empty for one still live.';
comment on column symphony_metrics.inception_date is 'The first day of the symphony''s live history.';
comment on column symphony_metrics.sharpe_per_period is 'The daily Sharpe ratio: mean daily excess return / its sample standard deviation (the Sharpe ratio / √{periods_per_year}); the skill-or-luck statistics use it.';
comment on column symphony_metrics.skewness is 'Population skewness of the daily excess returns (3rd central moment / variance^1.5).';
comment on column symphony_metrics.kurtosis is 'Population kurtosis of the daily excess returns, raw, not excess (3 for a normal distribution).';
comment on column symphony_metrics.sharpe_ci_low is 'Lower end of the annualized Sharpe ratio''s two-sided interval at psr_confidence (95%), from its standard error under the returns'' skewness and kurtosis.';
comment on column symphony_metrics.sharpe_ci_high is 'Upper end of the annualized Sharpe ratio''s two-sided interval at psr_confidence (95%).';
comment on column symphony_metrics.min_track_record_days is 'Trading days of returns like these needed for the probabilistic Sharpe ratio to reach psr_confidence (95%); empty when the Sharpe ratio is not above the benchmark Sharpe.';
comment on column symphony_metrics.statistics_note is 'Why the probabilistic Sharpe ratio is empty: fewer than 3 returns, or constant returns.';
comment on column symphony_metrics.trials is 'How many symphonies of the account picked have a Sharpe ratio in the period: the N of the deflated Sharpe ratio.';
comment on column symphony_metrics.versions is 'The symphony''s saved versions (1 when it was never edited): the N of deflated_sharpe_versions.';
comment on column symphony_metrics.deflated_sharpe_versions is 'The deflated Sharpe ratio with the symphony''s saved versions as the trials (each edit a try; the spread of Sharpe ratios is the symphonies'').';
