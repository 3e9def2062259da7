-- trades: what the symphony traded in the report period, read from its holdings (symphony_trades),
-- beside the account's fills of the same ticker that day (trade_reconciliation): the fills of
-- every symphony and direct trades together, since the trade report does not say whose they are
-- parameters: $symphony_id; the report period and account come from the report_period view (staging/report_period.sql)
select
    t.date, t.previous_date, t.ticker, t.side, t.shares, t.price, t.price_source, t.notional,
    t.weight_before, t.weight_after, t.weight_change, t.origin,
    r.symphony_shares as all_symphonies_shares,
    r.filled_shares as account_filled_shares,
    r.remainder_shares
from symphony_trades as t
left join trade_reconciliation as r on r.account_id = t.account_id and r.date = t.date and r.ticker = t.ticker
where t.symphony_id = $symphony_id
  and t.date between (select first_day from report_period) and (select last_day from report_period)
order by t.date desc, t.notional desc
