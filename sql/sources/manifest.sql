-- The snapshot every source view reads: the manifest at getvariable('manifest_url')
-- (manifests/latest.json by default, or an immutable manifests/<run_id>.json), and the files it
-- lists per table (lake_files: table name -> its Parquet files). Every source view reads exactly
-- those files, so a run still in progress is never visible.
set variable manifest = (select content from read_text(getvariable('manifest_url')));
set variable lake_files = (
    select map_from_entries(list_transform(
        map_entries(json_extract(getvariable('manifest'), '$.tables')::map(varchar, json)),  -- noqa: LT01
        lambda t: struct_pack(
            key := t.key,  -- noqa: RF01
            value := list_transform(json_extract_string(t.value, '$.files[*]'), lambda f: getvariable('data_url') || '/' || f)  -- noqa: RF01
        )
    ))
);
