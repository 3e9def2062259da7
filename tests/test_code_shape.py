"""Small modules with one job each: no module over 250 lines, no function over 60 (a longer one
is two jobs, or a table that belongs in data)."""

from __future__ import annotations

import ast

from tests.helpers.browser import ROOT

FOLDERS = ("ingest", "webapp", "sql", "settings", "sandbox", "scripts", "bench")


def python_files():
    for folder in FOLDERS:
        yield from (p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def test_no_module_is_over_250_lines():
    long = {p.relative_to(ROOT).as_posix(): n for p in python_files() if (n := len(p.read_text().splitlines())) > 250}
    assert not long


def test_no_function_is_over_60_lines():
    long = {}
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                long[f"{path.relative_to(ROOT).as_posix()}:{node.name}"] = node.end_lineno - node.lineno + 1
    assert not long
