"""One module per page: its `PAGE` (how Dash Pages lists it), `layout(lake, **query)`, then its
callbacks, declared on its `callbacks` with the lake as their first argument. `register` gives a
page to the app with the lake filled in: the app builds one lake and passes it down."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any

import dash


class PageCallbacks:
    """A page's callbacks, declared like Dash's `@callback` and registered on an app later."""

    def __init__(self) -> None:
        self._server: list[tuple[tuple, dict, Callable]] = []
        self._clientside: list[tuple[tuple, dict]] = []

    def callback(self, *args: Any, **kwargs: Any) -> Callable[[Callable], Callable]:
        def declare(function: Callable) -> Callable:
            self._server.append((args, kwargs, function))
            return function

        return declare

    def clientside(self, *args: Any, **kwargs: Any) -> None:
        self._clientside.append((args, kwargs))

    def extend(self, other: PageCallbacks) -> None:
        """Take a part of the page's callbacks declared in a module of its own."""
        self._server += other._server
        self._clientside += other._clientside

    def register(self, app: dash.Dash, lake: object) -> None:
        for args, kwargs, function in self._server:
            app.callback(*args, **kwargs)(with_lake(function, lake))
        for args, kwargs in self._clientside:
            app.clientside_callback(*args, **kwargs)


def with_lake(function: Callable, lake: object) -> Callable:
    """`function` with its first argument, the lake, filled in (its name and the rest of its
    signature kept, for Dash and the server log)."""

    @functools.wraps(function)
    def bound(*args: Any, **kwargs: Any) -> Any:
        return function(lake, *args, **kwargs)

    parameters = list(inspect.signature(function).parameters.values())[1:]
    bound.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return bound


def register(app: dash.Dash, lake: object, page: ModuleType) -> None:
    """A page module on the app: its entry in Dash Pages (the layout given the lake), its callbacks."""
    dash.register_page(page.__name__, layout=with_lake(page.layout, lake), **page.PAGE)
    page.callbacks.register(app, lake)
