-- snapshot: one row: run_id, created_at, schema_version of the snapshot being read
create or replace view snapshot as
select
    json_extract_string(getvariable('manifest'), '$.run_id') as run_id,
    json_extract_string(getvariable('manifest'), '$.created_at')::timestamptz as created_at,
    json_extract(getvariable('manifest'), '$.schema_version')::integer as schema_version;
