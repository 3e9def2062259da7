-- account_series
-- parameters: none; the report period and account come from the report_period view (staging/report_period.sql)
select p.account_id, a.account_type, p.date, p.deposit_adjusted_value / 1000 as wealth, u.drawdown,
       product(1 + coalesce(p.benchmark_return, 0)) over (partition by p.account_id order by p.date) as benchmark_wealth,
       getvariable('benchmark_ticker') as benchmark
from portfolio_daily as p
inner join underwater('select account_id as series_id, date, deposit_adjusted_value from portfolio_daily') as u
    on u.series_id = p.account_id and u.date = p.date
left join accounts as a on a.account_id = p.account_id
order by p.account_id, p.date
