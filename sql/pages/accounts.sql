-- accounts
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select account_id, account_type from accounts order by account_type, account_id
