-- sharpe_standard_error(sr, n, skew, kurt)  sqrt((1 - skew*sr + (kurt - 1)/4 * sr^2) / (n - 1))
-- (skill-or-luck macros after Bailey & Lopez de Prado: per-period Sharpe ratios, the conventions in 240_macro_sharpe_dispersion.sql)
create or replace macro sharpe_standard_error(sr, n, skew, kurt) as
case when n >= 3 and sharpe_dispersion(sr, skew, kurt) > 0 then sqrt(sharpe_dispersion(sr, skew, kurt) / (n - 1)) end;
