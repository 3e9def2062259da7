-- account_holdings: one row per account and ticker: shares held at the snapshot
create or replace view account_holdings as select * from read_parquet(getvariable('lake_files')['account_holdings'], hive_partitioning = false);
