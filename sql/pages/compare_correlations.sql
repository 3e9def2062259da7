-- compare_correlations
-- parameters: $symphony_ids; the report period and account come from the report_period view (staging/report_period.sql)
select * from correlations where list_contains($symphony_ids, symphony_a) and list_contains($symphony_ids, symphony_b)
