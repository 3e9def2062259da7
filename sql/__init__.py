"""The metric layer: ordered `.sql` view files plus the Python that opens DuckDB over the lake.

The Python here opens DuckDB over the lake (`duck.py`, `httpfs.py`) and names a view file that
fails (`check.py`); every metric lives in the `.sql` files of the layer folders, loaded in the
order `views.sql` lists them.
"""
