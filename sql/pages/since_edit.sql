-- since_edit
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select * from symphony_metrics_since_edit where symphony_id = $symphony_id
