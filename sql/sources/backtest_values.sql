-- backtest_values: one row per symphony, series ('symphony' or a benchmark ticker) and day
create or replace view backtest_values as select * from read_parquet(getvariable('lake_files')['backtest_values'], hive_partitioning = false);
