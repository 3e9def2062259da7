-- trade_reconciliation: the account's fills against what its symphonies' holdings say they
-- traded, one row per account, day and ticker with either, from the first day of the account's
-- holdings history on (before it there is nothing to hold the fills to).
--   symphony_shares   the sum of the symphonies' share changes that day (symphony_trades; signed)
--   filled_shares     the account's filled quantity from the trade report (buys +, sells −)
--   remainder_shares  filled − symphonies: direct trades (placed outside any symphony) or timing
--                     (a fill on another day than the holdings show it, e.g. the nightly fallback,
--                     which sees a change only on the next run's day). Shown, never netted away.
--   symphonies        how many symphonies traded the ticker that day
create or replace view trade_reconciliation as
with starts as (
    select account_id, min(date) as first_day from symphony_holdings_history group by account_id
),

traded as (
    select account_id, date, ticker, sum(shares) as symphony_shares, count(*) as symphonies
    from symphony_trades
    group by all
),

filled as (
    select a.account_id, a.date, a.symbol as ticker, sum(case when a.side = 'sell' then -a.quantity else a.quantity end) as filled_shares
    from activity as a
    inner join starts as s on s.account_id = a.account_id and a.date >= s.first_day
    where a.kind = 'TRADE' and a.quantity > 0
    group by all
)

select
    coalesce(t.account_id, f.account_id) as account_id,
    coalesce(t.date, f.date) as date,
    coalesce(t.ticker, f.ticker) as ticker,
    coalesce(t.symphony_shares, 0) as symphony_shares,
    coalesce(f.filled_shares, 0) as filled_shares,
    coalesce(f.filled_shares, 0) - coalesce(t.symphony_shares, 0) as remainder_shares,
    coalesce(t.symphonies, 0) as symphonies
from traded as t
full outer join filled as f on f.account_id = t.account_id and f.date = t.date and f.ticker = t.ticker
