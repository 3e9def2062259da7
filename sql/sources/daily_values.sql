-- daily_values: one row per symphony and trading day: dollar value, deposit-adjusted value
create or replace view daily_values as select * from read_parquet(getvariable('lake_files')['daily_values'], hive_partitioning = false);
