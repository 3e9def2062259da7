-- backtest_rebalances: one row per symphony and rebalance day of its backtest
create or replace view backtest_rebalances as select * from read_parquet(getvariable('lake_files')['backtest_rebalances'], hive_partitioning = false);
