-- normal_quantile_start
-- (the standard normal distribution's macros: the definitions and sources are in 230_macro_normal_pdf.sql)
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
