-- deflated_sharpe(sr, n, skew, kurt, trials, sharpe_variance)  DSR = PSR against SR0: the
--       probability the Sharpe ratio is real after choosing the best of `trials`.
-- (skill-or-luck macros after Bailey & Lopez de Prado: per-period Sharpe ratios, the conventions in 240_macro_sharpe_dispersion.sql)
create or replace macro deflated_sharpe(sr, n, skew, kurt, trials, sharpe_variance) as
probabilistic_sharpe(sr, expected_max_sharpe(trials, sharpe_variance), n, skew, kurt);
