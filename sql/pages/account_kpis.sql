-- account_kpis: per account, as of the period's last trading day: Composer's account value that day (portfolio-history: cash and direct positions included; the symphonies' sum when it has none)
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
with last_day as (
    select account_id, max(date) as as_of, arg_max(value, date) as symphonies_value
    from portfolio_daily group by account_id
),
account_value as (
    select v.account_id, arg_max(v.value, v.date) as value
    from account_values as v inner join last_day as l on l.account_id = v.account_id and v.date <= l.as_of
    group by v.account_id
)
select a.account_id, a.account_type, coalesce(v.value, l.symphonies_value) as value, l.as_of,
       m.last_day_pnl, m.last_day_return, m.pnl as pnl_total, m.total_return, m.sharpe, m.current_drawdown,
       m.current_drawdown_all_time, m.max_drawdown, m.cagr, m.days, m.short_history, m.psr
from accounts as a
left join last_day as l using (account_id)
left join account_value as v using (account_id)
left join portfolio_metrics as m using (account_id)
where in_report_scope(a.account_id)
order by a.account_id
