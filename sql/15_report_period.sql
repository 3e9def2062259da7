-- report_period: one row, the report period every view and page query measures, from the
-- range_start / range_end variables (00_parameters.sql), with open sides as -infinity/infinity.
--   first_day  the first day whose return is in the period (its base is the close before it)
--   last_day   the last day in the period
create or replace view report_period as
select
    coalesce(getvariable('range_start'), '-infinity'::date) as first_day,
    coalesce(getvariable('range_end'), 'infinity'::date) as last_day
