-- intraday_readings: what `python -m ingest live` read from Composer during market hours, one row
-- per reading and account (subject_kind 'account': total-stats) or symphony ('symphony':
-- symphony-stats-meta). Not part of the nightly snapshot: the files the live pointer
-- live/latest.json names, one per market day kept.
--   market_date           the NYSE market date of the session read
--   reading_at            when the reading was taken (UTC)
--   market_open/_close    the session, as Composer's market-hours gave it (UTC)
--   interval_seconds      the job's interval: a reading older than two of them is stale
--   value                 dollars now: portfolio_value of the account, value of the symphony
--   todays_dollar_change  Composer's change since the previous close, dollars
--   todays_percent_change the same as a fraction (0.012 = +1.2%)
--   as_of                 the symphony's as_of as Composer gave it (NULL for an account)
-- live_files: those files. The view is made over none ([]), so that a broken intraday file never
-- stops a snapshot from loading; a reader sets live_files before its query (sql/live_files.py in
-- Python; in the DuckDB CLI, sql/cli.sql reads sql/cli_live.sql after the views, and `.read
-- sql/cli_live.sql` in a session reads the newest readings again).
set variable live_files = coalesce(getvariable('live_files'), []::varchar []);  -- noqa: LT01
create or replace view intraday_readings as
from query(
    case
        when len(getvariable('live_files')) = 0
            then 'select null::date as market_date, null::timestamptz as reading_at, null::timestamptz as market_open,
                null::timestamptz as market_close, null::double as interval_seconds, null::varchar as account_id,
                null::varchar as subject_kind, null::varchar as subject_id, null::varchar as name, null::double as value,
                null::double as todays_dollar_change, null::double as todays_percent_change, null::date as as_of limit 0'
        else 'from read_parquet(getvariable(''live_files''), hive_partitioning = false)'
    end
);
