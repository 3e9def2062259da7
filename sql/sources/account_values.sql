-- account_values: one row per account and day: the account's dollar value (portfolio-history)
create or replace view account_values as select * from read_parquet(getvariable('lake_files')['account_values'], hive_partitioning = false);
