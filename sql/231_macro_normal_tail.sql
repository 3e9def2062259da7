-- normal_tail
-- (the standard normal distribution's macros: the definitions and sources are in 230_macro_normal_pdf.sql)
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
