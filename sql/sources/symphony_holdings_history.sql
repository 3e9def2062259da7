-- symphony_holdings_history: what each symphony held at each day's close, one row per symphony,
-- day and ticker (account-level fills never say which symphony placed them; this does).
--   quantity  shares held at the close (0 with ticker NULL: the symphony held nothing that day,
--             e.g. the day it was liquidated)
--   price     the holding's price that day, as Composer gave it
--   value     quantity × price, dollars
--   weight    the holding's share of the symphony's holdings that day (fraction)
--   origin    'composer_history': Composer's symphony-historical-holdings, every market day;
--             'nightly_snapshot': the holdings the nightly listing gave, where a key cannot read
--             that endpoint: one day per nightly run, so a change is seen on the next run's day
-- A snapshot written before this table existed has none: the view is then empty.
create or replace view symphony_holdings_history as
from query(
    case
        when getvariable('lake_files')['symphony_holdings_history'] is null
            then 'select null::varchar as account_id, null::varchar as symphony_id, null::date as date,
                null::varchar as ticker, null::double as quantity, null::double as price, null::double as value,
                null::double as weight, null::varchar as origin limit 0'
        else 'from read_parquet(getvariable(''lake_files'')[''symphony_holdings_history''], hive_partitioning = false)'
    end
);
