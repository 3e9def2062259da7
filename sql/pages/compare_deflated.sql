-- compare_deflated: compare's deflated Sharpe ratio: the picked symphonies are the trials (macros/sharpe_statistics.sql)
-- parameters: $symphony_ids; the report period and account come from the report_period view (staging/report_period.sql)
with picked as (
    select * from symphony_metrics where symphony_id in (select unnest($symphony_ids::varchar[]))
),
bar as (
    select
        count(sharpe_per_period) as trials,
        expected_max_sharpe(count(sharpe_per_period), var_samp(sharpe_per_period)) as expected_max
    from picked
)
select p.symphony_id, b.trials, probabilistic_sharpe(p.sharpe_per_period, b.expected_max, p.days, p.skewness, p.kurtosis) as deflated_sharpe
from picked as p cross join bar as b
