"""The metric layer: ordered `.sql` view files plus the Python that opens DuckDB over the lake.

`sql.duck` is the only Python here; every metric lives in the `NNN_<layer>_<object>.sql` files (one view or macro each).
"""
