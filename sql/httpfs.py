"""DuckDB's httpfs extension, from the `duckdb-extension-httpfs` wheel pinned to the same version as
`duckdb`: nothing is downloaded, on a build machine or at run time (the DuckDB CLI finds it in
DuckDB's extension directory, where `make` installs it)."""

from __future__ import annotations

import pathlib

import duckdb

DUCKDB_VERSION = duckdb.__version__


def httpfs_extension_path() -> pathlib.Path:
    """The httpfs binary shipped inside the `duckdb-extension-httpfs` wheel (no download needed)."""
    import duckdb_extension_httpfs

    root = pathlib.Path(duckdb_extension_httpfs.__file__).resolve().parent / "extensions"
    path = root / f"v{DUCKDB_VERSION}" / "httpfs.duckdb_extension"
    if not path.exists():
        raise RuntimeError(
            f"httpfs for DuckDB {DUCKDB_VERSION} is not in {root}: pin duckdb and duckdb-extension-httpfs to the same version"
        )
    return path


def install_httpfs(con: duckdb.DuckDBPyConnection | None = None) -> None:
    """Copy httpfs from the wheel into DuckDB's extension directory, where the CLI finds it too."""
    target = con or duckdb.connect()
    target.execute(f"INSTALL '{httpfs_extension_path()}'")
