"""Results computed once per snapshot. A snapshot never changes, so a query's result (or a page's
built figure) stays true until a newer snapshot is served; the cache holds the most recently used
DASHBOARD_CACHE_ENTRIES of them and forgets the rest when a new snapshot is swapped in.

`@cached` is the one way in, for a function whose first argument is the lake it reads: the key is
the function and its other arguments (which must be hashable: a Report, ids, tuples), so no caller
builds a key by hand and none can leave an input out.
`@cached_output` is the same for what a page or callback returns to the browser: it keeps the
value as the JSON text Dash sends, so a warm request only copies it.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import orjson
from plotly.io.json import to_json_plotly

F = TypeVar("F", bound=Callable[..., Any])
_MISSING = object()


class ResultCache:
    """An LRU of values keyed by (the snapshot's load number, ...): thread-safe, bounded."""

    def __init__(self, entries: int):
        self.entries = entries
        self._values: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Any:
        with self._lock:
            if key not in self._values:
                return _MISSING
            self._values.move_to_end(key)
            return self._values[key]

    def put(self, key: tuple, value: Any) -> None:
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.entries:
                self._values.popitem(last=False)

    def get_or_compute(self, key: tuple, compute: Callable[[], Any], keep: Callable[[], bool] = lambda: True) -> Any:
        """The value under `key`, else `compute()`, stored when `keep()` still says so after it ran."""
        value = self.get(key)
        if is_missing(value):
            value = compute()
            if keep():
                self.put(key, value)
        return value

    def keep_only(self, load: int) -> None:
        """Forget every other snapshot's values (a new one, or new views, are served)."""
        with self._lock:
            for key in [k for k in self._values if k[0] != load]:
                del self._values[key]

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


def cached(function: F) -> F:
    """`function(lake, ...)`'s result per snapshot of `lake`, keyed by its name and the arguments after the lake."""
    name = f"{function.__module__}.{function.__qualname__}"
    signature = inspect.signature(function)

    @functools.wraps(function)
    def wrapper(lake: Any, *args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(lake, *args, **kwargs)
        bound.apply_defaults()  # f(lake), f(lake, EVERYTHING) and f(lake, report=EVERYTHING) are one entry
        key = (name, *list(bound.arguments.values())[1:])
        return lake.remember(key, lambda: function(lake, *args, **kwargs))

    return wrapper  # type: ignore[return-value]


def cached_output(function: F) -> F:
    """`@cached` for a layout or callback output (components, figures, or a tuple of them, one per
    output): kept as the JSON text the browser gets, in an orjson.Fragment that Dash's serializer
    copies as it is. Serializing components and figures walks every node in Python, about 60 ms
    for a 1,000-row page on each request; the text also holds less memory than the objects."""

    @functools.wraps(function)
    def as_sent(*args: Any, **kwargs: Any) -> Any:
        value = function(*args, **kwargs)
        if isinstance(value, tuple):
            return tuple(_fragment(part) for part in value)
        return _fragment(value)

    return cached(as_sent)  # type: ignore[return-value]


def _fragment(value: Any) -> orjson.Fragment:
    return orjson.Fragment(to_json_plotly(value).encode())


def is_missing(value: Any) -> bool:
    return value is _MISSING
