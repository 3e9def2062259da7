-- account_returns
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select * from account_money_weighted_returns order by account_type, account_id
