-- what_if_equity: the blend's growth of 1
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select date, deposit_adjusted_value / 1000 as growth from what_if_blend order by date
