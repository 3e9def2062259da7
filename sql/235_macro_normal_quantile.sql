-- normal_quantile(p)  Phi^-1(p) for 0 < p < 1: Acklam's rational approximation (relative error
--                       under 1.2e-9) and one Halley step on normal_cdf, which cubes the error;
--                       absolute error under 1e-9 for 1e-6 <= p <= 1 - 1e-6 (nearer 0 or 1, 1 - p
--                       itself loses digits); 0 and 1 give -inf and inf, NULL outside.
-- (the standard normal distribution's macros: the definitions and sources are in 230_macro_normal_pdf.sql)
create or replace macro normal_quantile(p) as
list_transform([p::double], lambda u: case
    when u is null or u < 0 or u > 1 then null
    when u = 0 then -'infinity'::double
    when u = 1 then 'infinity'::double
    else sign(u - 0.5) * list_transform([greatest(u, 1 - u)], lambda q: normal_halley_step(normal_quantile_start(q), q))[1]
end)[1];
