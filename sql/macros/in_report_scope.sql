-- in_report_scope(account_id): true for rows of the measured account (every row when NULL).
create or replace macro in_report_scope(row_account_id) as
    getvariable('account_scope') is null or row_account_id = getvariable('account_scope');
