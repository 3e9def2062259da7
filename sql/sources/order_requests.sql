-- order_requests: one row per direct order placed outside symphonies (paged by the API)
create or replace view order_requests as select * from read_parquet(getvariable('lake_files')['order_requests'], hive_partitioning = false);
