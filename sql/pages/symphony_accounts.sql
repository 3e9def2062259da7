-- symphony_accounts
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select symphony_id, account_id from symphonies
