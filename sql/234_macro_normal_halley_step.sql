-- normal_halley_step
-- (the standard normal distribution's macros: the definitions and sources are in 230_macro_normal_pdf.sql)
create or replace macro normal_halley_step(z, q) as
-- one Halley step towards Phi(z) = q: with u = (Phi(z) - q) / phi(z), z - u / (1 + z u / 2) (the
-- error is cubed: Acklam's 1.2e-9 becomes rounding)
list_transform([z::double], lambda y: list_transform([(normal_cdf(y) - q) / normal_pdf(y)], lambda u: y - u / (1 + y * u / 2))[1])[1];
