-- Is a Sharpe ratio skill or luck? Scalar macros from Bailey & Lopez de Prado, "The Sharpe Ratio
-- Efficient Frontier" (2012) and "The Deflated Sharpe Ratio" (2014). Every Sharpe ratio here is
-- PER PERIOD (per trading day: mean / sample standard deviation of the daily excess returns), not
-- annualized: the formulas are wrong with an annualized one (divide an annual figure by
-- sqrt(periods_per_year) first). skew is the population skewness of the returns (scipy
-- skew(bias=True)), kurt the population kurtosis, raw, not excess (scipy kurtosis(fisher=False,
-- bias=True); 3 for a normal distribution); n the number of returns.
--   sharpe_standard_error(sr, n, skew, kurt)  sqrt((1 - skew*sr + (kurt - 1)/4 * sr^2) / (n - 1))
--   probabilistic_sharpe(sr, sr_benchmark, n, skew, kurt)  PSR = Phi((sr - sr_benchmark) / that
--       standard error): the probability that the true Sharpe ratio exceeds sr_benchmark. NULL
--       under 3 returns or without a Sharpe ratio.
--   min_track_record(sr, sr_benchmark, n, skew, kurt, z)  1 + (1 - skew*sr + (kurt - 1)/4 * sr^2)
--       * (z / (sr - sr_benchmark))^2 with z = normal_quantile(confidence): the number of returns
--       needed for PSR to reach that confidence. NULL when sr <= sr_benchmark (no track record is
--       enough). z is passed in, not the confidence, so a query over many series computes it once.
--   expected_max_sharpe(trials, sharpe_variance)  SR0 = sqrt(V) * ((1 - g) Phi^-1(1 - 1/N) + g
--       Phi^-1(1 - 1/(N e))), g = Euler-Mascheroni: the best per-period Sharpe ratio N trials of
--       no skill are expected to show, V the variance of the trials' per-period Sharpe ratios; 0
--       for one trial (nothing was selected).
--   deflated_sharpe(sr, n, skew, kurt, trials, sharpe_variance)  DSR = PSR against SR0: the
--       probability the Sharpe ratio is real after choosing the best of `trials`.
create or replace macro sharpe_dispersion(sr, skew, kurt) as 1 - skew * sr + (kurt - 1) / 4 * sr * sr;

create or replace macro sharpe_standard_error(sr, n, skew, kurt) as
case when n >= 3 and sharpe_dispersion(sr, skew, kurt) > 0 then sqrt(sharpe_dispersion(sr, skew, kurt) / (n - 1)) end;

create or replace macro probabilistic_sharpe(sr, sr_benchmark, n, skew, kurt) as
normal_cdf((sr - sr_benchmark) / sharpe_standard_error(sr, n, skew, kurt));

create or replace macro min_track_record(sr, sr_benchmark, n, skew, kurt, z) as
case
    when n >= 3 and sr > sr_benchmark and sharpe_dispersion(sr, skew, kurt) > 0
        then 1 + sharpe_dispersion(sr, skew, kurt) * power(z / (sr - sr_benchmark), 2)
end;

create or replace macro expected_max_sharpe(trials, sharpe_variance) as
case
    when trials is null or trials < 1 then null
    when trials = 1 then 0.0
    when sharpe_variance is null then null
    else sqrt(sharpe_variance) * (
        (1 - 0.5772156649015329) * normal_quantile(1 - 1 / trials)
        + 0.5772156649015329 * normal_quantile(1 - 1 / (trials * exp(1)))
    )
end;

create or replace macro deflated_sharpe(sr, n, skew, kurt, trials, sharpe_variance) as
probabilistic_sharpe(sr, expected_max_sharpe(trials, sharpe_variance), n, skew, kurt);
