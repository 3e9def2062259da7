-- min_track_record(sr, sr_benchmark, n, skew, kurt, z)  1 + (1 - skew*sr + (kurt - 1)/4 * sr^2)
--       * (z / (sr - sr_benchmark))^2 with z = normal_quantile(confidence): the number of returns
--       needed for PSR to reach that confidence. NULL when sr <= sr_benchmark (no track record is
--       enough). z is passed in, not the confidence, so a query over many series computes it once.
-- (skill-or-luck macros after Bailey & Lopez de Prado: per-period Sharpe ratios, the conventions in 240_macro_sharpe_dispersion.sql)
create or replace macro min_track_record(sr, sr_benchmark, n, skew, kurt, z) as
case
    when n >= 3 and sr > sr_benchmark and sharpe_dispersion(sr, skew, kurt) > 0
        then 1 + sharpe_dispersion(sr, skew, kurt) * power(z / (sr - sr_benchmark), 2)
end;
