"""The metric layer: ordered `.sql` view files plus the Python that opens DuckDB over the lake.

`sql.duck` is the only Python here; every metric lives in the `.sql` files of the layer folders,
loaded in the order `views.sql` lists them.
"""
