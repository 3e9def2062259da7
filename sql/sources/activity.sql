-- activity: one row per fill (kind TRADE, from the trade report: account-level, Composer
-- does not say which symphony placed an order) or cash event (DEPOSIT,
-- WITHDRAWAL, DIVIDEND, FEE, OTHER with the raw type_code) of the non-trade report
create or replace view activity as select * from read_parquet(getvariable('lake_files')['activity'], hive_partitioning = false);
