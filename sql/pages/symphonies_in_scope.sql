-- symphonies_in_scope
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select symphony_id, name from symphonies where in_report_scope(account_id) order by lower(name)
