"""One module per page, each `register_page`, `layout(**kwargs)`, then its callbacks."""
