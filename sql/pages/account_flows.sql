-- account_flows: deposits and withdrawals per account and day, for the account chart
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select account_id, date, sum(amount) as amount
from activity
where kind in ('DEPOSIT', 'WITHDRAWAL') and in_report_scope(account_id)
  and date between (select first_day from report_period) and (select last_day from report_period)
group by all
order by account_id, date
