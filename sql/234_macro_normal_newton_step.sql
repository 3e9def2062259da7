-- normal_newton_step
-- (the standard normal distribution's macros: the definitions and sources are in 230_macro_normal_pdf.sql)
create or replace macro normal_newton_step(z, q) as
-- one Newton step towards Phi(z) = q (the error squares at each step)
list_transform([z::double], lambda y: y - (normal_cdf(y) - q) / normal_pdf(y))[1];
