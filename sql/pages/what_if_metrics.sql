-- what_if_metrics: series_metrics (25_series_macros.sql) of the blend
-- parameters: none; the report period and account come from the report_period view (15_report_period.sql)
select * from series_metrics('select * from what_if_blend')
