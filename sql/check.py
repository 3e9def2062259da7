"""`python -m sql.check`: load every view file over the lake (DATA_URL, the snapshot latest.json
names) and name the one that fails: `make duckdb` runs it before the DuckDB CLI, whose own error
for a failing `.read` in sql/cli.sql quotes the statement but not the file. Exit 0 when every file
loads, 1 with "view file <name> failed: <DuckDB's error>" when one does not, 2 when the lake
cannot be read. SQL_DIR checks another folder of view files (as the dashboard reads them)."""

from __future__ import annotations

import os
import sys

import duckdb

import settings
from sql import duck


def main() -> int:
    env = dict(os.environ)
    data_url = settings.value("DATA_URL", env)
    con = duck.connect(duck.S3Settings.from_env(env))
    try:
        run_id = duck.read_latest_run_id(con, data_url)
        duck.load_views(
            con, data_url, f"manifests/{run_id}.json", duck.MetricParameters.from_env(env), settings.value("SQL_DIR", env)
        )
    except duck.ViewFileError as exc:
        print(f"{exc} (fix the file, then start the shell again)", file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        print(f"the lake at {data_url} could not be read: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    finally:
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
