-- backtest_allocation_changes: one row per symphony, day and ticker whose backtest target
-- weight moved by 1 point or more (weight_before -> weight_after)
create or replace view backtest_allocation_changes as select * from read_parquet(getvariable('lake_files')['backtest_allocation_changes'], hive_partitioning = false);
