-- probabilistic_sharpe(sr, sr_benchmark, n, skew, kurt)  PSR = Phi((sr - sr_benchmark) / that
--       standard error): the probability that the true Sharpe ratio exceeds sr_benchmark. NULL
--       under 3 returns or without a Sharpe ratio.
-- (skill-or-luck macros after Bailey & Lopez de Prado: per-period Sharpe ratios, the conventions in 240_macro_sharpe_dispersion.sql)
create or replace macro probabilistic_sharpe(sr, sr_benchmark, n, skew, kurt) as
normal_cdf((sr - sr_benchmark) / sharpe_standard_error(sr, n, skew, kurt));
