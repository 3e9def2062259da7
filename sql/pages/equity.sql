-- equity: live wealth, the backtest and the benchmark, each rebased to 1 on the first live day
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
with live as (
    select date, wealth from drawdowns where symphony_id = $symphony_id
),
start as (
    select min(date) as first_day from live
),
backtest as (
    select b.date, b.value / first_value(b.value) over (order by b.date) as wealth
    from backtest_values as b, start
    where b.symphony_id = $symphony_id and b.series = 'symphony' and b.date >= start.first_day
      and b.date <= (select max(date) from live)
),
benchmark as (
    select v.date, v.value / first_value(v.value) over (order by v.date) as wealth
    from benchmark_values as v, start
    where v.ticker = getvariable('benchmark_ticker') and v.date >= start.first_day
      and v.date <= (select max(date) from live)
)
select 'Live' as series, date, wealth from live
union all select 'Backtest', date, wealth from backtest
union all select getvariable('benchmark_ticker'), date, wealth from benchmark
order by series, date
