-- quarantined: what the snapshot's run set aside, one row each (from the manifest): a symphony
-- (symphony_id; history_kept when its rows are the previous snapshot's, marked stale in
-- symphonies) or a report window of an account (report, since, until), with the reason.
create or replace view quarantined as
select
    json_extract_string(q, '$.account_id') as account_id,
    json_extract_string(q, '$.symphony_id') as symphony_id,
    json_extract_string(q, '$.report') as report,
    json_extract_string(q, '$.since')::date as since,
    json_extract_string(q, '$.until')::date as until,
    json_extract_string(q, '$.reason') as reason,
    coalesce(json_extract(q, '$.history_kept')::boolean, false) as history_kept
from (select unnest(coalesce(json_extract(getvariable('manifest'), '$.quarantined[*]'), []::json[])) as q) as entries;
