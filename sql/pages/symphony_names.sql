-- symphony_names
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select symphony_id, name from symphonies order by lower(name)
