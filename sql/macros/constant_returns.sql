-- constant_returns(sd, mean_return): true when a series' daily returns are constant, so that no
-- ratio to their spread means anything (Sharpe, Sortino, psr, the rolling Sharpe): their daily
-- standard deviation sd is under constant_returns_tolerance (parameters.sql, default 1e-3) of
-- the size of their mean return, or under 1e-6 a day (dollar values rounded to the cent make a
-- series rising exactly 0.1% a day wobble by less than that); also true when sd is NULL (fewer
-- than 2 returns).
create or replace macro constant_returns(sd, mean_return) as
coalesce(sd < 1e-6 or sd < getvariable('constant_returns_tolerance') * abs(mean_return), true);
