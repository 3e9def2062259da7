-- holdings: one row per symphony and ticker held at the snapshot
create or replace view holdings as select * from read_parquet(getvariable('lake_files')['holdings'], hive_partitioning = false);
