-- account_history: the whole account over its whole history up to the report period's last day,
-- one row per account of the report scope and trading day (account_days(),
-- macros/account_days.sql, of daily_returns): what a drawdown from the all-time peak is
-- measured on (portfolio_metrics.current_drawdown_all_time, the drawdown alert).
create or replace view account_history as
select *
from account_days('
    select d.*
    from daily_returns as d, report_period as p
    where in_report_scope(d.account_id) and d.date <= p.last_day')
