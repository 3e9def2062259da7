-- account_money_weighted_returns: per account, xirr() of those flows, beside the time-weighted
-- return of its symphonies over the same period (portfolio_metrics) and Composer's own
-- time-weighted return from total-stats, which is always since the account opened. Both
-- views hold only the report's account (account_scope), or every account.
--   money_weighted_return         annualized (XIRR's annual rate)
--   money_weighted_period_return  the same rate over the period's calendar days, cumulative:
--                                 (1 + money_weighted_return)^(years) - 1
--   time_weighted_return          cumulative over the period (portfolio_metrics.total_return);
--                                 time_weighted_cagr annualized
--   composer_time_weighted_return Composer's, cumulative since the account opened
--   short_history                 the period has under short_history_days returns: the annualized
--                                 rates are too short to mean much
create or replace view account_money_weighted_returns as
select
    a.account_id,
    a.account_type,
    x.money_weighted_return,
    power(1 + x.money_weighted_return, (select max(f.years) from account_cash_flows as f where f.account_id = a.account_id)) - 1
        as money_weighted_period_return,
    m.cagr as time_weighted_cagr,
    m.total_return as time_weighted_return,
    a.composer_time_weighted_return,
    m.short_history,
    (select sum(-f.cash_flow) from account_cash_flows as f where f.account_id = a.account_id and f.flow in ('deposit', 'withdrawal'))
        as net_deposits_in_period
from accounts as a
left join xirr('select account_id as series_id, years, cash_flow from account_cash_flows') as x on x.series_id = a.account_id
left join portfolio_metrics as m on m.account_id = a.account_id
where in_report_scope(a.account_id)
