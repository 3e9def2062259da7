-- what_if_metrics: series_metrics (macros/series_metrics.sql) of the blend, and whether it is too short to annualize
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select *, days < getvariable('short_history_days') as short_history from series_metrics('select * from what_if_blend')
