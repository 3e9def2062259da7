-- The standard normal distribution, for the statistics of macros/sharpe_statistics.sql (DuckDB has
-- no erf). Written from the formulas, checked against scipy.stats.norm in the tests:
--   normal_pdf(x)       exp(-x^2 / 2) / sqrt(2 pi)
--   normal_cdf(x)       Phi(x), Hart's algorithm 5666 (1968) as West ("Better approximations to
--                       cumulative normal functions", 2005) gives it: a ratio of two polynomials
--                       in |x| times exp(-x^2 / 2) below |x| = 7.07, a continued fraction above.
--                       Absolute error under 1e-15, relative under 1e-8 in the far lower tail;
--                       no loop, so cheap on every row.
--   normal_quantile(p)  Phi^-1(p) for 0 < p < 1: Acklam's rational approximation (relative
--                       error under 1.2e-9) and one Halley step on normal_cdf, which cubes the
--                       error (one normal_cdf, so cheap to plan); absolute error under 1e-9 for
--                       1e-6 <= p <= 1 - 1e-6 (nearer 0 or 1, 1 - p itself loses digits); 0 and
--                       1 give -inf and inf, NULL outside.
-- Each macro binds its argument once, as a lambda parameter: an argument that is itself a long
-- expression is not copied into every term, which would make the query slow to plan.
create or replace macro normal_pdf(x) as exp(-0.5 * x * x) / sqrt(2 * pi());

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
-- Acklam's rational approximation of Phi^-1(q) for q >= 0.5 (relative error under 1.2e-9): the
-- central region up to q = 0.97575, then the upper tail in t = sqrt(-2 ln(1 - q))
list_transform([q::double], lambda v: case
    when v <= 0.97575 then (v - 0.5)
        * (((((-39.69683028665376 * (v - 0.5) ^ 2 + 220.9460984245205) * (v - 0.5) ^ 2 - 275.9285104469687) * (v - 0.5) ^ 2
            + 138.3577518672690) * (v - 0.5) ^ 2 - 30.66479806614716) * (v - 0.5) ^ 2 + 2.506628277459239)
        / (((((-54.47609879822406 * (v - 0.5) ^ 2 + 161.5858368580409) * (v - 0.5) ^ 2 - 155.6989798598866) * (v - 0.5) ^ 2
            + 66.80131188771972) * (v - 0.5) ^ 2 - 13.28068155288572) * (v - 0.5) ^ 2 + 1)
    else list_transform([sqrt(-2 * ln(1 - v))], lambda t: -(((((-0.007784894002430293 * t - 0.3223964580411365) * t
        - 2.400758277161838) * t - 2.549732539343734) * t + 4.374664141464968) * t + 2.938163982698783)
        / ((((0.007784695709041462 * t + 0.3224671290700398) * t + 2.445134137142996) * t + 3.754408661907416) * t + 1))[1]
end)[1];

create or replace macro normal_halley_step(z, q) as
-- one Halley step towards Phi(z) = q: with u = (Phi(z) - q) / phi(z), z - u / (1 + z u / 2) (the
-- error is cubed: Acklam's 1.2e-9 becomes rounding)
list_transform([z::double], lambda y: list_transform([(normal_cdf(y) - q) / normal_pdf(y)], lambda u: y - u / (1 + y * u / 2))[1])[1];

create or replace macro normal_quantile(p) as
list_transform([p::double], lambda u: case
    when u is null or u < 0 or u > 1 then null
    when u = 0 then -'infinity'::double
    when u = 1 then 'infinity'::double
    else sign(u - 0.5) * list_transform([greatest(u, 1 - u)], lambda q: normal_halley_step(normal_quantile_start(q), q))[1]
end)[1];
