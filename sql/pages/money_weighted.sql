-- money_weighted: every symphony's money-weighted return over the period; one query per period for all symphonies, as xirr() solves them all at once: a strategy page picks its row
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select symphony_id, money_weighted_return, money_weighted_period_return
from money_weighted_returns
