-- The DuckDB CLI's intraday files: the ones live/latest.json names now (none when the live job
-- has not run: the pattern finds no file, where a plain path would stop the shell on S3's 404).
-- `.read sql/cli_live.sql` in a session reads the newest readings again. Globbing an S3 prefix
-- needs s3:ListBucket on it, which the CLI's own credentials have (the dashboard reads the
-- pointer by its exact key instead: sql/duck.py).
set variable live_files = (
    select list_transform(json_extract_string(content, '$.days.*.file'), lambda f: getvariable('data_url') || '/' || f)  -- noqa: LT01
    from read_text(getvariable('data_url') || '/live/latest.js[o]n')
);
