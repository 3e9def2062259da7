-- symphonies: one row per symphony: metadata and Composer's own reported figures
create or replace view symphonies as select * from read_parquet(getvariable('lake_files')['symphonies'], hive_partitioning = false);
