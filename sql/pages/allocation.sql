-- allocation
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select symphony_id, name, value from symphonies where value > 0 and in_report_scope(account_id) order by value desc
