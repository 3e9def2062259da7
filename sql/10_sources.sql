-- Source views over one lake snapshot. The snapshot is the manifest at getvariable('manifest_url')
-- (manifests/latest.json by default, or an immutable manifests/<run_id>.json); every view reads
-- exactly the files that manifest lists, so a run still in progress is never visible.
--   snapshot          one row: run_id, created_at, schema_version of the snapshot being read
--   accounts          one row per Composer account (with the account's total stats)
--   symphonies        one row per symphony: metadata and Composer's own reported figures
--   holdings          one row per symphony and ticker held at the snapshot
--   daily_values      one row per symphony and trading day: dollar value, deposit-adjusted value
--   backtest_values   one row per symphony, series ('symphony' or a benchmark ticker) and day
--   benchmark_values  one row per benchmark ticker and day
--   backtest_stats    one row per symphony: Composer's backtest statistics (and when fetched)
--   account_values    one row per account and day: the account's dollar value (portfolio-history)
--   account_holdings  one row per account and ticker: shares held at the snapshot
--   symphony_versions one row per saved version of a symphony edited during its live history
--   order_requests    one row per direct order placed outside symphonies (paged by the API)
--   activity          one row per fill (kind TRADE, from the trade report: account-level, Composer
--                     does not say which symphony placed an order) or cash event (DEPOSIT,
--                     WITHDRAWAL, DIVIDEND, FEE, OTHER with the raw type_code) of the non-trade report
--   backtest_rebalances          one row per symphony and rebalance day of its backtest
--   backtest_allocation_changes  one row per symphony, day and ticker whose backtest target
--                     weight moved by 1 point or more (weight_before -> weight_after)
set variable manifest = (select content from read_text(getvariable('manifest_url')));
set variable lake_files = (
    select map_from_entries(list_transform(
        map_entries(json_extract(getvariable('manifest'), '$.tables')::map(varchar, json)),  -- noqa: LT01
        lambda t: struct_pack(
            key := t.key,  -- noqa: RF01
            value := list_transform(json_extract_string(t.value, '$.files[*]'), lambda f: getvariable('data_url') || '/' || f)  -- noqa: RF01
        )
    ))
);

create or replace view snapshot as
select
    json_extract_string(getvariable('manifest'), '$.run_id') as run_id,
    json_extract_string(getvariable('manifest'), '$.created_at')::timestamptz as created_at,
    json_extract(getvariable('manifest'), '$.schema_version')::integer as schema_version;

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

create or replace view accounts as select * from read_parquet(getvariable('lake_files')['accounts'], hive_partitioning = false);
create or replace view symphonies as select * from read_parquet(getvariable('lake_files')['symphonies'], hive_partitioning = false);
create or replace view holdings as select * from read_parquet(getvariable('lake_files')['holdings'], hive_partitioning = false);
create or replace view daily_values as select * from read_parquet(getvariable('lake_files')['daily_values'], hive_partitioning = false);
create or replace view backtest_values as select * from read_parquet(getvariable('lake_files')['backtest_values'], hive_partitioning = false);
create or replace view benchmark_values as select * from read_parquet(getvariable('lake_files')['benchmark_values'], hive_partitioning = false);
create or replace view backtest_stats as select * from read_parquet(getvariable('lake_files')['backtest_stats'], hive_partitioning = false);
create or replace view account_values as select * from read_parquet(getvariable('lake_files')['account_values'], hive_partitioning = false);
create or replace view account_holdings as select * from read_parquet(getvariable('lake_files')['account_holdings'], hive_partitioning = false);
create or replace view symphony_versions as select * from read_parquet(getvariable('lake_files')['symphony_versions'], hive_partitioning = false);
create or replace view activity as select * from read_parquet(getvariable('lake_files')['activity'], hive_partitioning = false);
create or replace view order_requests as select * from read_parquet(getvariable('lake_files')['order_requests'], hive_partitioning = false);
create or replace view backtest_rebalances as select * from read_parquet(getvariable('lake_files')['backtest_rebalances'], hive_partitioning = false);
create or replace view backtest_allocation_changes as select * from read_parquet(getvariable('lake_files')['backtest_allocation_changes'], hive_partitioning = false);
