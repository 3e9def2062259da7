-- activity: the account's fills and cash events inside the report period, newest first (row_limit NULL: every row, for the CSV download)
-- parameters: $row_limit; the report period and account come from the report_period view (staging/report_period.sql)
select a.date, a.occurred_at, a.account_id, a.kind, a.symbol, a.side, a.quantity, a.price, a.notional, a.amount,
       a.type_code, a.subtype_code, a.description, a.order_id
from activity as a
where in_report_scope(a.account_id) and a.date between (select first_day from report_period) and (select last_day from report_period)
order by a.date desc, a.occurred_at desc nulls last, a.kind asc
limit $row_limit
