-- benchmark_values: one row per benchmark ticker and day
create or replace view benchmark_values as select * from read_parquet(getvariable('lake_files')['benchmark_values'], hive_partitioning = false);
