-- normal_quantile_start
-- (the standard normal distribution's macros: the definitions and sources are in 230_macro_normal_pdf.sql)
create or replace macro normal_quantile_start(q) as
-- Abramowitz & Stegun 26.2.23 for q >= 0.5 (error under 4.5e-4): where Newton's method starts
list_transform([sqrt(-2 * ln(1 - q))], lambda t: t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
    / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t))[1];
