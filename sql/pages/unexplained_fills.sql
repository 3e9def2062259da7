-- unexplained_fills: the account's fills that no symphony's holdings explain, in the report period
-- (trade_reconciliation's remainder): direct trades, or a fill on another day than the holdings
-- show it; one row per account, day and ticker, newest first
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select account_id, date, ticker, filled_shares, symphony_shares, remainder_shares
from trade_reconciliation
where abs(remainder_shares) > 1e-6 and in_report_scope(account_id)
  and date between (select first_day from report_period) and (select last_day from report_period)
order by date desc, ticker asc
