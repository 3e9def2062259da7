-- report_period: one row, the report period and account every view and page query measures,
-- from the range_start / range_end / account_scope variables (parameters.sql), with open
-- sides as -infinity/infinity.
--   first_day   the first day whose return is in the period (its base is the close before it)
--   last_day    the last day in the period
--   account_id  the one account measured; NULL: every account
create or replace view report_period as
select
    coalesce(getvariable('range_start'), '-infinity'::date) as first_day,
    coalesce(getvariable('range_end'), 'infinity'::date) as last_day,
    getvariable('account_scope') as account_id;
