-- symphony_trades: what each symphony traded, read from its holdings: one row per symphony, day
-- and ticker whose shares differ from the symphony's previous stored day (symphony_holdings_history).
-- A day is a trade only against a day before it, or on the symphony's first live day (its first
-- buys); the first day of a history that starts later is not a trade.
--   previous_date   the stored day compared with: the trading day before for Composer's history,
--                   the previous nightly run for the nightly fallback (the change happened in between)
--   side            'buy' or 'sell'
--   shares          the change in shares held (signed: + bought, − sold)
--   weight_before/_after, weight_change   the holding's share of the symphony's holdings (fractions)
--   price           dollars a share: the volume-weighted average of the account's own fills of
--                   that ticker that day where there are any (the trade report, which does not say
--                   which symphony placed them), else the holding's price that day, else the
--                   previous day's (a sale of everything has no holding left to price)
--   price_source    'account fills that day', 'holding price that day' or 'holding price the day before'
--   notional        |shares| × price, dollars: an estimate, as the price is
--   origin          where the day's holdings came from (symphony_holdings_history.origin)
-- Windows, not self-joins: each holding is compared with the same ticker's previous row and the
-- symphony's previous stored day (bounded memory on the dashboard's 512 MB worker).
create or replace view symphony_trades as
with days as (
    select
        account_id, symphony_id, date, origin,
        lag(date) over by_day as previous_date,
        lead(date) over by_day as next_date
    from (select distinct account_id, symphony_id, date, origin from symphony_holdings_history) as stored_days
    window by_day as (partition by symphony_id order by date)
),

held as (
    select
        symphony_id, date, ticker, quantity, price, weight,
        lag(date) over by_ticker as held_before_on,
        lag(quantity) over by_ticker as quantity_before,
        lag(weight) over by_ticker as weight_before,
        lead(date) over by_ticker as held_after_on
    from symphony_holdings_history
    where ticker is not null
    window by_ticker as (partition by symphony_id, ticker order by date)
),

changes as (
    -- a ticker held on a day: the change from what was held of it on the symphony's previous day
    select
        d.account_id, d.symphony_id, d.date, d.previous_date, h.ticker, d.origin,
        h.quantity - case when h.held_before_on = d.previous_date then h.quantity_before else 0 end as shares,
        case when h.held_before_on = d.previous_date then h.weight_before else 0 end as weight_before,
        h.weight as weight_after,
        h.price as holding_price,
        'holding price that day' as holding_price_source
    from held as h
    inner join days as d on d.symphony_id = h.symphony_id and d.date = h.date
    left join symphonies as s on s.symphony_id = h.symphony_id
    where d.previous_date is not null or d.date <= s.invested_since
    union all
    -- a ticker held on a day and not on the symphony's next one: all of it sold that next day
    select
        d.account_id, d.symphony_id, d.next_date, d.date, h.ticker, n.origin,
        -h.quantity, h.weight, 0, h.price, 'holding price the day before'
    from held as h
    inner join days as d on d.symphony_id = h.symphony_id and d.date = h.date
    inner join days as n on n.symphony_id = d.symphony_id and n.date = d.next_date
    where h.held_after_on is distinct from d.next_date
),

fills as (
    select account_id, date, symbol as ticker, sum(notional) / nullif(sum(quantity), 0) as price
    from activity
    where kind = 'TRADE' and quantity > 0 and notional is not null
    group by all
)

select
    c.account_id, c.symphony_id, c.date, c.previous_date, c.ticker,
    case when c.shares > 0 then 'buy' else 'sell' end as side,
    c.shares,
    c.weight_before,
    c.weight_after,
    c.weight_after - c.weight_before as weight_change,
    coalesce(f.price, c.holding_price) as price,
    case when f.price is not null then 'account fills that day' when c.holding_price is not null then c.holding_price_source end
        as price_source,
    abs(c.shares) * coalesce(f.price, c.holding_price) as notional,
    c.origin
from changes as c
left join fills as f on f.account_id = c.account_id and f.date = c.date and f.ticker = c.ticker
where abs(c.shares) > 1e-9
