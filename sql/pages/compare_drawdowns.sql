-- compare_drawdowns
-- parameters: $symphony_ids; the report period and account come from the report_period view (staging/report_period.sql)
select symphony_id, date, drawdown from drawdowns where list_contains($symphony_ids, symphony_id) order by symphony_id, date
