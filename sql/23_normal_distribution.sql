-- The standard normal distribution, for the statistics of 24_sharpe_statistics.sql (DuckDB has
-- no erf). Written from the formulas, checked against scipy.stats.norm in the tests:
--   normal_pdf(x)       exp(-x^2 / 2) / sqrt(2 pi)
--   normal_cdf(x)       Phi(x) = 1/2 + phi(x) * (x + x^3/3 + x^5/(3*5) + x^7/(3*5*7) + ...)
--                       (Marsaglia 2004: every term has the sign of x, so nothing cancels inside
--                       the sum); 150 terms reach double precision for |x| <= 8.5, and beyond
--                       that Phi is 0 or 1 to double precision. Absolute error under 1e-15.
--   normal_quantile(p)  Phi^-1(p) for 0 < p < 1: five Newton steps on normal_cdf from Abramowitz
--                       and Stegun's 26.2.23 (error under 4.5e-4, so the steps reach double
--                       precision); absolute error under 1e-9 for 1e-6 <= p <= 1 - 1e-6 (nearer 0
--                       or 1, 1 - p itself loses digits); 0 and 1 give -inf and inf, NULL outside.
create or replace macro normal_pdf(x) as exp(-0.5 * x * x) / sqrt(2 * pi());

create or replace macro normal_cdf(x) as
case
    when x is null or isnan(x) then null
    when x > 8.5 then 1.0
    when x < -8.5 then 0.0
    else 0.5 + normal_pdf(x) * list_reduce(
        list_prepend(
            struct_pack(term := x::double, total := x::double, xx := (x * x)::double, n := 0),
            list_transform(range(1, 150), lambda k: struct_pack(term := 0.0::double, total := 0.0::double, xx := 0.0::double, n := k::integer))
        ),
        lambda acc, step: struct_pack(
            term := acc.term * acc.xx / (2 * step.n + 1),
            total := acc.total + acc.term * acc.xx / (2 * step.n + 1),
            xx := acc.xx,
            n := step.n
        )
    ).total
end;

create or replace macro normal_quantile_start(q) as
-- Abramowitz & Stegun 26.2.23 for q >= 0.5 (error under 4.5e-4): where Newton's method starts
sqrt(-2 * ln(1 - q)) - (2.515517 + 0.802853 * sqrt(-2 * ln(1 - q)) + 0.010328 * (-2 * ln(1 - q)))
    / (1 + 1.432788 * sqrt(-2 * ln(1 - q)) + 0.189269 * (-2 * ln(1 - q)) + 0.001308 * power(sqrt(-2 * ln(1 - q)), 3));

create or replace macro normal_quantile(p) as
case
    when p is null or p < 0 or p > 1 then null
    when p = 0 then -'infinity'::double
    when p = 1 then 'infinity'::double
    else sign(p - 0.5) * list_reduce(
        list_prepend(
            struct_pack(z := normal_quantile_start(greatest(p, 1 - p))::double, q := greatest(p, 1 - p)::double),
            list_transform(range(1, 6), lambda k: struct_pack(z := 0.0::double, q := 0.0::double))
        ),
        lambda acc, step: struct_pack(
            z := acc.z - (normal_cdf(acc.z) - acc.q) / normal_pdf(acc.z),
            q := acc.q
        )
    ).z
end;
