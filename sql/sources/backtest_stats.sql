-- backtest_stats: one row per symphony: Composer's backtest statistics (and when fetched)
create or replace view backtest_stats as select * from read_parquet(getvariable('lake_files')['backtest_stats'], hive_partitioning = false);
