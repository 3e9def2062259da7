-- The standard normal distribution, for the statistics of 24_sharpe_statistics.sql (DuckDB has
-- no erf). Written from the formulas, checked against scipy.stats.norm in the tests:
--   normal_pdf(x)       exp(-x^2 / 2) / sqrt(2 pi)
--   normal_cdf(x)       Phi(x), Hart's algorithm 5666 (1968) as West ("Better approximations to
--                       cumulative normal functions", 2005) gives it: a ratio of two polynomials
--                       in |x| times exp(-x^2 / 2) below |x| = 7.07, a continued fraction above.
--                       Absolute error under 1e-15, relative under 1e-8 in the far lower tail;
--                       no loop, so cheap on every row.
--   normal_quantile(p)  Phi^-1(p) for 0 < p < 1: four Newton steps on normal_cdf from Abramowitz
--                       and Stegun's 26.2.23 (error under 4.5e-4, so the steps reach double
--                       precision); absolute error under 1e-9 for 1e-6 <= p <= 1 - 1e-6 (nearer 0
--                       or 1, 1 - p itself loses digits); 0 and 1 give -inf and inf, NULL outside.
create or replace macro normal_pdf(x) as exp(-0.5 * x * x) / sqrt(2 * pi());

-- (each macro binds its argument once, as a lambda parameter: an argument that is itself a long
-- expression is not copied into every term, which would make the query slow to plan)
create or replace macro normal_tail(a) as
-- Phi(-a) for a >= 0
list_transform([a::double], lambda t: case
    when t > 37 then 0.0
    when t < 7.07106781186547 then exp(-t * t / 2)
        * ((((((0.0352624965998911 * t + 0.700383064443688) * t + 6.37396220353165) * t + 33.912866078383) * t
            + 112.079291497871) * t + 221.213596169931) * t + 220.206867912376)
        / (((((((0.0883883476483184 * t + 1.75566716318264) * t + 16.064177579207) * t + 86.7807322029461) * t
            + 296.564248779674) * t + 637.333633378831) * t + 793.826512519948) * t + 440.413735824752)
    else exp(-t * t / 2) / (t + 1 / (t + 2 / (t + 3 / (t + 4 / (t + 0.65))))) / 2.506628274631
end)[1];

create or replace macro normal_cdf(x) as
list_transform([x::double], lambda v: list_transform([normal_tail(abs(v))], lambda tail: case
    when v is null or isnan(v) then null
    when v > 0 then 1 - tail
    else tail
end)[1])[1];

create or replace macro normal_quantile_start(q) as
-- Abramowitz & Stegun 26.2.23 for q >= 0.5 (error under 4.5e-4): where Newton's method starts
list_transform([sqrt(-2 * ln(1 - q))], lambda t: t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
    / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t))[1];

create or replace macro normal_newton_step(z, q) as
-- one Newton step towards Phi(z) = q (the error squares at each step)
list_transform([z::double], lambda y: y - (normal_cdf(y) - q) / normal_pdf(y))[1];

create or replace macro normal_quantile(p) as
list_transform([p::double], lambda u: case
    when u is null or u < 0 or u > 1 then null
    when u = 0 then -'infinity'::double
    when u = 1 then 'infinity'::double
    else sign(u - 0.5) * list_transform([greatest(u, 1 - u)], lambda q: normal_newton_step(normal_newton_step(
        normal_newton_step(normal_newton_step(normal_quantile_start(q), q), q), q), q))[1]
end)[1];
