-- symphony_versions: one row per saved version of a symphony edited during its live history
create or replace view symphony_versions as select * from read_parquet(getvariable('lake_files')['symphony_versions'], hive_partitioning = false);
