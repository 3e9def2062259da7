-- accounts: one row per Composer account (with the account's total stats)
create or replace view accounts as select * from read_parquet(getvariable('lake_files')['accounts'], hive_partitioning = false);
