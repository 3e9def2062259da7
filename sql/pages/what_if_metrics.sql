-- what_if_metrics: series_metrics (252_macro_series_metrics.sql) of the blend
-- parameters: none; the report period and account come from the report_period view (150_staging_report_period.sql)
select * from series_metrics('select * from what_if_blend')
