-- normal_quantile(p)  Phi^-1(p) for 0 < p < 1: four Newton steps on normal_cdf from Abramowitz
--                       and Stegun's 26.2.23 (error under 4.5e-4, so the steps reach double
--                       precision); absolute error under 1e-9 for 1e-6 <= p <= 1 - 1e-6 (nearer 0
--                       or 1, 1 - p itself loses digits); 0 and 1 give -inf and inf, NULL outside.
-- (the standard normal distribution's macros: the definitions and sources are in 230_macro_normal_pdf.sql)
create or replace macro normal_quantile(p) as
list_transform([p::double], lambda u: case
    when u is null or u < 0 or u > 1 then null
    when u = 0 then -'infinity'::double
    when u = 1 then 'infinity'::double
    else sign(u - 0.5) * list_transform([greatest(u, 1 - u)], lambda q: normal_newton_step(normal_newton_step(
        normal_newton_step(normal_newton_step(normal_quantile_start(q), q), q), q), q))[1]
end)[1];
