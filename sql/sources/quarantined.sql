-- quarantined: what the snapshot's run set aside, one row each (from the manifest): a part of a
-- symphony, or a window of an account's report or per-symphony holdings history (report: the
-- report type or the endpoint, since, until), with the reason.
--   part             which part of the symphony: 'live' (its live values), 'backtest' (values and
--                    statistics), 'backtest_events' (rebalance days and allocation changes),
--                    'versions' or 'holdings'; a run before parts existed set whole symphonies
--                    aside, read as 'live'; NULL for a report window
--   part_name        what the pages and the alerts call the part ('backtest''s rebalances and
--                    allocation changes'); NULL for a report window
--   history_kept     the part's rows are the previous snapshot's (for the live part the symphony
--                    is marked stale in symphonies); false: the part is empty in this snapshot (the
--                    live part: the symphony is left out)
--   stale_since_run  the snapshot the kept rows are from
--   window_name      what a set-aside window is called ('trade-activity report', 'per-symphony
--                    holdings history'); NULL for a part of a symphony
create or replace view quarantined as
with entries as (
    select
        json_extract_string(q, '$.account_id') as account_id,
        json_extract_string(q, '$.symphony_id') as symphony_id,
        case when json_extract_string(q, '$.report') is null then coalesce(json_extract_string(q, '$.part'), 'live') end as part,
        q
    from (select unnest(coalesce(json_extract(getvariable('manifest'), '$.quarantined[*]'), []::json[])) as q) as raw
)

select
    account_id,
    symphony_id,
    part,
    case part
        when 'live' then 'live values'
        when 'backtest' then 'backtest'
        when 'backtest_events' then 'backtest''s rebalances and allocation changes'
        when 'versions' then 'versions (edits)'
        when 'holdings' then 'holdings'
        else part
    end as part_name,
    json_extract_string(q, '$.report') as report,
    coalesce(json_extract_string(q, '$.window'), json_extract_string(q, '$.report') || ' report') as window_name,
    json_extract_string(q, '$.since')::date as since,
    json_extract_string(q, '$.until')::date as until,
    json_extract_string(q, '$.reason') as reason,
    coalesce(json_extract(q, '$.history_kept')::boolean, false) as history_kept,
    json_extract_string(q, '$.stale_since_run') as stale_since_run
from entries;
