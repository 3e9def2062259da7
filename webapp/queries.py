"""The selects the pages run against the views: parameters bound with `?`, no metric logic."""

SYMPHONY_NAMES = "select symphony_id, name from symphonies order by lower(name)"
SYMPHONY_ACCOUNTS = "select symphony_id, account_id from symphonies"
SYMPHONIES_IN_SCOPE = "select symphony_id, name from symphonies where in_report_scope(account_id) order by lower(name)"
ACCOUNTS = "select account_id, account_type from accounts order by account_type, account_id"
# what the snapshot's run set aside, with the symphony's name when it has one
QUARANTINED = """
select q.symphony_id, coalesce(y.name, q.symphony_id) as name, q.report, q.since, q.until, q.account_id, q.reason,
       q.history_kept, y.stale_since_run
from quarantined as q
left join symphonies as y on y.symphony_id = q.symphony_id
order by q.report nulls first, lower(coalesce(y.name, q.symphony_id))
"""
# trading days of the snapshot inside [?, ?] (a weekend or a future period has none)
TRADING_DAYS_BETWEEN = "select count(distinct date) as days from daily_returns where date between ? and ?"
DATA_SPAN = "select min(date)::timestamp as first_day, max(date)::timestamp as last_day from daily_returns"
LEADERBOARD = """
select * from symphony_metrics
where days > 0
order by short_history nulls last, sharpe desc nulls last, name
"""
# each symphony's wealth over the period, thinned to about 60 points (always keeping the last
# day) for the leaderboard's trend column
TRENDS = """
with days as (
    select symphony_id, date, wealth, day_number, count(*) over (partition by symphony_id) as n
    from drawdowns
)
select symphony_id, list(round(wealth, 5) order by date) as trend
from days
where (n - day_number) % greatest(1, n // 60) = 0
group by symphony_id
"""
PNL = "select date, value, cumulative_pnl, net_deposits from pnl_daily where symphony_id = ? order by date"
# a symphony's money-weighted return over the period and the deposits less withdrawals in it
# (the base day's value is the money it starts with, not a deposit)
SYMPHONY_FLOWS = """
select m.money_weighted_return,
       (select sum(r.net_flow) from returns_in_range as r where r.symphony_id = m.symphony_id and r.date > (
            select min(b.date) from returns_in_range as b where b.symphony_id = m.symphony_id)) as net_deposits
from money_weighted_returns as m
where m.symphony_id = ?
"""
SINCE_EDIT = "select * from symphony_metrics_since_edit where symphony_id = ?"
LIVE_VS_BACKTEST = "select * from live_vs_backtest where symphony_id = ?"

# live wealth, the backtest and the benchmark, each rebased to 1 on the first live day
EQUITY = """
with live as (
    select date, wealth from drawdowns where symphony_id = ?
),
start as (
    select min(date) as first_day from live
),
backtest as (
    select b.date, b.value / first_value(b.value) over (order by b.date) as wealth
    from backtest_values as b, start
    where b.symphony_id = ? and b.series = 'symphony' and b.date >= start.first_day
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
"""
# compare's deflated Sharpe ratio: the picked symphonies are the trials (24_sharpe_statistics.sql)
COMPARE_DEFLATED = """
with picked as (
    select * from symphony_metrics where symphony_id in (select unnest(?::varchar[]))
),
bar as (
    select
        count(sharpe_per_period) as trials,
        expected_max_sharpe(count(sharpe_per_period), var_samp(sharpe_per_period)) as expected_max
    from picked
)
select p.symphony_id, b.trials, probabilistic_sharpe(p.sharpe_per_period, b.expected_max, p.days, p.skewness, p.kurtosis) as deflated_sharpe
from picked as p cross join bar as b
"""
# live against backtest since the last edit: Newey-West test of the daily gap (53_backtest_drift.sql)
BACKTEST_DRIFT = "select * from backtest_drift where symphony_id = ?"
# the backtest's daily log returns before the symphony went live, for the cone around live growth
BACKTEST_CONE = "select * from backtest_cone where symphony_id = ?"
UNDERWATER = "select date, drawdown from drawdowns where symphony_id = ? order by date"
WORST_DRAWDOWNS = "select * from drawdown_periods where symphony_id = ? order by depth limit 3"
DRAWDOWN_EPISODES = "select * from drawdown_periods where symphony_id = ? and depth < 0 order by depth limit 5"
YEARLY = "select year, period_return, benchmark_return, trading_days from yearly_returns where symphony_id = ? order by year"
MONTHLY = "select month, period_return from monthly_returns where symphony_id = ? order by month"
ROLLING = "select date, window_days, sharpe, volatility from rolling_metrics where symphony_id = ? order by window_days, date"
DAILY_RETURNS = "select date, daily_return from returns_in_range where symphony_id = ? and daily_return is not null order by date"
# what Composer last reported the symphony holding (for a liquidated one: what an earlier sync saw
# before it was sold), with the day of that report
HOLDINGS = (
    "select ticker, allocation, quantity, price, value, as_of from holdings where symphony_id = ? order by value desc nulls last"
)
# edits during live trading: versions saved after the first live day (the first version is the
# creation), inside the report period
EDITS = """
select created_at from symphony_versions
where symphony_id = ? and created_at::date > (select min(date) from daily_returns where symphony_id = ?)
  and created_at::date between (select first_day from report_period) and (select last_day from report_period)
order by created_at
"""
# what Composer reports per symphony about its trading: the rebalance days of its backtest
# schedule inside the live period and report period, with the target-allocation changes of each
# day (fills are account-level: the trade report does not say which symphony placed them)
REBALANCES = """
with changes as (
    select date, string_agg(ticker || ' ' || round(100 * weight_before)::int || '% → ' || round(100 * weight_after)::int || '%', ', ' order by ticker) as changes
    from backtest_allocation_changes
    where symphony_id = ?
    group by date
)
select r.date, d.wealth, coalesce(c.changes, 'allocation unchanged') as changes
from backtest_rebalances as r
inner join drawdowns as d on d.symphony_id = r.symphony_id and d.date = r.date
left join changes as c on c.date = r.date
where r.symphony_id = ?
order by r.date
"""
# the account's fills and cash events inside the report period, newest first
ACTIVITY = """
select a.date, a.occurred_at, a.account_id, a.kind, a.symbol, a.side, a.quantity, a.price, a.notional, a.amount,
       a.type_code, a.subtype_code, a.description, a.order_id
from activity as a
where in_report_scope(a.account_id) and a.date between (select first_day from report_period) and (select last_day from report_period)
order by a.date desc, a.occurred_at desc nulls last, a.kind
"""
ACTIVITY_NEWEST = ACTIVITY + "limit ?"  # what the page's grid shows; the CSV download has every row
ACTIVITY_COUNT = "select count(*) as rows from (" + ACTIVITY + ")"
# deposits and withdrawals per account and day, for the account chart
ACCOUNT_FLOWS = """
select account_id, date, sum(amount) as amount
from activity
where kind in ('DEPOSIT', 'WITHDRAWAL') and in_report_scope(account_id)
  and date between (select first_day from report_period) and (select last_day from report_period)
group by all
order by account_id, date
"""
ACCOUNT_RETURNS = "select * from account_money_weighted_returns order by account_type, account_id"

# per account, as of the period's last trading day: Composer's account value that day
# (portfolio-history: cash and direct positions included; the symphonies' sum when it has none)
ACCOUNT_KPIS = """
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
       m.max_drawdown, m.cagr, m.short_history, m.psr
from accounts as a
left join last_day as l using (account_id)
left join account_value as v using (account_id)
left join portfolio_metrics as m using (account_id)
where in_report_scope(a.account_id)
order by a.account_id
"""
ACCOUNT_SERIES = """
select p.account_id, a.account_type, p.date, p.deposit_adjusted_value / 1000 as wealth, u.drawdown,
       product(1 + coalesce(p.benchmark_return, 0)) over (partition by p.account_id order by p.date) as benchmark_wealth,
       getvariable('benchmark_ticker') as benchmark
from portfolio_daily as p
inner join underwater('select account_id as series_id, date, deposit_adjusted_value from portfolio_daily') as u
    on u.series_id = p.account_id and u.date = p.date
left join accounts as a on a.account_id = p.account_id
order by p.account_id, p.date
"""

# growth of 1 from the first day every picked symphony was live, and their drawdowns
COMPARE_EQUITY = """
with picked as (
    select symphony_id, date, wealth from drawdowns where list_contains(?, symphony_id)
),
common as (
    select max(first_day) as start from (select min(date) as first_day from picked group by symphony_id)
)
select symphony_id, date, wealth / first_value(wealth) over (partition by symphony_id order by date) as growth
from picked, common
where date >= common.start
order by symphony_id, date
"""
COMPARE_DRAWDOWNS = (
    "select symphony_id, date, drawdown from drawdowns where list_contains(?, symphony_id) order by symphony_id, date"
)
COMPARE_CORRELATIONS = "select * from correlations where list_contains(?, symphony_a) and list_contains(?, symphony_b)"

# top contributors' cumulative PnL over the period (the rest summed as "Others"), for the stacked
# chart: daily PnL summed per label, then accumulated (a liquidated symphony's PnL stays in the
# total after its last day)
CONTRIBUTIONS = """
with totals as (
    select symphony_id, sum(pnl) as total from returns_in_range group by symphony_id
),
ranked as (
    select symphony_id, row_number() over (order by abs(total) desc, symphony_id) as rank from totals
),
daily as (
    select case when r.rank <= $1 then y.name else 'Others' end as label,
           case when r.rank <= $1 then y.symphony_id end as symphony_id, p.date, sum(p.pnl) as pnl
    from returns_in_range as p
    inner join ranked as r using (symphony_id)
    inner join symphonies as y using (symphony_id)
    group by all
)
select label, symphony_id, date,
       sum(pnl) over (partition by label, symphony_id order by date rows between unbounded preceding and current row) as cumulative_pnl
from daily
order by label, date
"""
ALLOCATION = "select symphony_id, name, value from symphonies where value > 0 and in_report_scope(account_id) order by value desc"
# every symphony of the account with a return in the period, today's holdings first
WHAT_IF_CANDIDATES = """
select y.symphony_id, y.name, coalesce(y.value, 0) as value
from symphonies as y
where in_report_scope(y.account_id) and y.symphony_id in (select symphony_id from returns_in_range where daily_return is not null)
order by coalesce(y.value, 0) desc, lower(y.name)
limit ?
"""

# a blend of symphonies rebalanced daily to the weights in the temp table what_if_weights,
# over the days every weighted symphony has a return; the day before the first is the base
_BLEND = """
with weights as (select symphony_id, weight from what_if_weights where weight > 0),
picked as (
    select d.date, d.daily_return, d.benchmark_return, w.weight
    from returns_in_range as d inner join weights as w using (symphony_id)
    where d.daily_return is not null
),
common as (select date from picked group by date having count(*) = (select count(*) from weights)),
blended as (
    select p.date, sum(p.weight * p.daily_return) / sum(p.weight) as daily_return, any_value(p.benchmark_return) as benchmark_return
    from picked as p inner join common using (date)
    group by p.date
),
with_base as (
    select (min(date) - interval 1 day)::date as date, null::double as daily_return, null::double as benchmark_return from blended
    union all select date, daily_return, benchmark_return from blended
)
select 'blend' as series_id, date,
    1000 * product(1 + coalesce(daily_return, 0)) over (order by date rows between unbounded preceding and current row) as deposit_adjusted_value,
    daily_return, benchmark_return, 0.0 as pnl
from with_base
where date is not null
"""
WHAT_IF_METRICS = "select * from series_metrics('" + _BLEND.replace("'", "''") + "')"
WHAT_IF_EQUITY = "select date, deposit_adjusted_value / 1000 as growth from (" + _BLEND + ") order by date"
# the actual portfolio (every symphony of the account in the period, deposit-adjusted) over the
# blend's days, rebased to 1 on the blend's base day
WHAT_IF_ACTUAL = (
    "with blend as ("
    + _BLEND
    + """),
actual as (
    select date, sum(pnl) / nullif(sum(value - pnl - net_flow) filter (where daily_return is not null), 0) as r
    from returns_in_range
    group by date
)
select b.date,
    product(1 + coalesce(case when b.date > (select min(date) from blend) then a.r end, 0))
        over (order by b.date rows between unbounded preceding and current row) as growth
from blend as b left join actual as a on a.date = b.date
order by b.date
"""
)
