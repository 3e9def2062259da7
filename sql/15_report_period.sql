-- report_period: one row, the report period and account every view and page query measures,
-- from the range_start / range_end / account_scope variables (00_parameters.sql), with open
-- sides as -infinity/infinity.
--   first_day   the first day whose return is in the period (its base is the close before it)
--   last_day    the last day in the period
--   account_id  the one account measured; NULL: every account
-- in_report_scope(account_id): true for rows of the measured account (every row when NULL).
create or replace view report_period as
select
    coalesce(getvariable('range_start'), '-infinity'::date) as first_day,
    coalesce(getvariable('range_end'), 'infinity'::date) as last_day,
    getvariable('account_scope') as account_id;

create or replace macro in_report_scope(row_account_id) as
    getvariable('account_scope') is null or row_account_id = getvariable('account_scope');
