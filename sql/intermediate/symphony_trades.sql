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
create or replace view symphony_trades as
with days as (
    select
        account_id, symphony_id, date, origin,
        lag(date) over (partition by symphony_id order by date) as previous_date
    from (select distinct account_id, symphony_id, date, origin from symphony_holdings_history) as stored_days
),

held as (
    select symphony_id, date, ticker, quantity, price, weight
    from symphony_holdings_history
    where ticker is not null
),

pairs as (
    select d.*, h.ticker from days as d inner join held as h on h.symphony_id = d.symphony_id and h.date = d.date
    union
    select d.*, h.ticker from days as d inner join held as h on h.symphony_id = d.symphony_id and h.date = d.previous_date
),

fills as (
    select account_id, date, symbol as ticker, sum(notional) / nullif(sum(quantity), 0) as price
    from activity
    where kind = 'TRADE' and quantity > 0 and notional is not null
    group by all
),

changes as (
    select
        p.account_id, p.symphony_id, p.date, p.previous_date, p.ticker, p.origin,
        coalesce(n.quantity, 0) - coalesce(b.quantity, 0) as shares,
        coalesce(b.weight, 0) as weight_before,
        coalesce(n.weight, 0) as weight_after,
        f.price as fill_price,
        n.price as price_that_day,
        b.price as price_day_before
    from pairs as p
    left join held as n on n.symphony_id = p.symphony_id and n.date = p.date and n.ticker = p.ticker
    left join held as b on b.symphony_id = p.symphony_id and b.date = p.previous_date and b.ticker = p.ticker
    left join fills as f on f.account_id = p.account_id and f.date = p.date and f.ticker = p.ticker
    left join symphonies as s on s.symphony_id = p.symphony_id
    where (p.previous_date is not null or p.date <= s.invested_since)
)

select
    account_id, symphony_id, date, previous_date, ticker,
    case when shares > 0 then 'buy' else 'sell' end as side,
    shares,
    weight_before,
    weight_after,
    weight_after - weight_before as weight_change,
    coalesce(fill_price, price_that_day, price_day_before) as price,
    case
        when fill_price is not null then 'account fills that day'
        when price_that_day is not null then 'holding price that day'
        when price_day_before is not null then 'holding price the day before'
    end as price_source,
    abs(shares) * coalesce(fill_price, price_that_day, price_day_before) as notional,
    origin
from changes
where abs(shares) > 1e-9
