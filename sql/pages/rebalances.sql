-- rebalances: what Composer reports per symphony about its trading: the rebalance days of its backtest schedule inside the live period and report period, with the target-allocation changes of each day (fills are account-level: the trade report does not say which symphony placed them)
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
with changes as (
    select date, string_agg(ticker || ' ' || round(100 * weight_before)::int || '% → ' || round(100 * weight_after)::int || '%', ', ' order by ticker) as changes
    from backtest_allocation_changes
    where symphony_id = $symphony_id
    group by date
)
select r.date, d.wealth, coalesce(c.changes, 'allocation unchanged') as changes
from backtest_rebalances as r
inner join drawdowns as d on d.symphony_id = r.symphony_id and d.date = r.date
left join changes as c on c.date = r.date
where r.symphony_id = $symphony_id
order by r.date
