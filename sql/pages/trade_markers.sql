-- trade_markers: the days the symphony's holdings changed in the report period, one row per day
-- and side, on its live growth line (drawdowns.wealth), for the growth chart's buy and sell
-- markers: the day's notional (an estimate: symphony_trades.price) and a line per ticker
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select
    t.date, t.side, d.wealth,
    sum(t.notional) as notional,
    string_agg(
        t.ticker || ' ' || printf('%+,.4f', t.shares) || ' sh @ $' || printf('%,.2f', t.price) || ' (' || t.price_source || ')',
        '<br>' order by t.notional desc
    ) as lines
from symphony_trades as t
inner join drawdowns as d on d.symphony_id = t.symphony_id and d.date = t.date
where t.symphony_id = $symphony_id
  and t.date between (select first_day from report_period) and (select last_day from report_period)
group by t.date, t.side, d.wealth
order by t.date, t.side
