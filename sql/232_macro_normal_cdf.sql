-- normal_cdf(x)       Phi(x), Hart's algorithm 5666 (1968) as West ("Better approximations to
--                       cumulative normal functions", 2005) gives it: a ratio of two polynomials
--                       in |x| times exp(-x^2 / 2) below |x| = 7.07, a continued fraction above.
--                       Absolute error under 1e-15, relative under 1e-8 in the far lower tail;
--                       no loop, so cheap on every row.
-- (the standard normal distribution's macros: the definitions and sources are in 230_macro_normal_pdf.sql)
create or replace macro normal_cdf(x) as
list_transform([x::double], lambda v: list_transform([normal_tail(abs(v))], lambda tail: case
    when v is null or isnan(v) then null
    when v > 0 then 1 - tail
    else tail
end)[1])[1];
