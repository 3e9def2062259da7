-- account_name(account_type, account_id): how the alerts name an account: its type in words and
-- the last four characters of its id ('individual account ··0f94'), as the pages' account labels.
create or replace macro account_name(account_type, account_id) as
    replace(lower(coalesce(account_type, '')), '_', ' ') || ' account ··' || right(account_id, 4);
