-- expected_max_sharpe(trials, sharpe_variance)  SR0 = sqrt(V) * ((1 - g) Phi^-1(1 - 1/N) + g
--       Phi^-1(1 - 1/(N e))), g = Euler-Mascheroni: the best per-period Sharpe ratio N trials of
--       no skill are expected to show, V the variance of the trials' per-period Sharpe ratios; 0
--       for one trial (nothing was selected).
-- (skill-or-luck macros after Bailey & Lopez de Prado: per-period Sharpe ratios, the conventions in 240_macro_sharpe_dispersion.sql)
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
