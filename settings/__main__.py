"""`python -m settings`: the README's configuration table."""

from settings import markdown_table

print(markdown_table())
