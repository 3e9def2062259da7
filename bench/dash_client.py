"""Fires the dashboard's Dash callbacks over HTTP as a browser would, from the app's own dependency list.

Responses are parsed with orjson, as a browser parses them with its native JSON.parse: Python's
json module takes 28 ms to parse the 2 MB leaderboard of 1,000 symphonies (orjson 7 ms), time no
browser spends.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterable

import httpx
import orjson


class Browser:
    """Fires Dash callbacks as the browser would, from the app's own dependency list."""

    def __init__(self, url: str):
        self.url = url
        self.http = httpx.Client(timeout=300)
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=6)
        self.dependencies: list[dict] | None = None
        self.run_id: str | None = None

    def index(self) -> None:
        self.http.get(self.url + "/").raise_for_status()
        self.dependencies = self.http.get(self.url + "/_dash-dependencies").json()
        self.run_id = self.http.get(self.url + "/healthz").json()["run_id"]

    def _callback(self, output_part: str) -> dict:
        # an output written by a second callback too (allow_duplicate) is "id.prop@<hash>" there
        matches = [d for d in self.dependencies if output_part in d["output"].strip(".").split("...")]
        if len(matches) != 1:
            raise LookupError(f"{len(matches)} callbacks write {output_part}")
        return matches[0]

    def call(self, output_part: str, values: dict[str, object]) -> dict:
        """POST one callback; `values` maps 'id.property' of its inputs and states to values
        (pattern-matching states take a list of {id, property, value})."""
        dep = self._callback(output_part)

        def fill(items: Iterable[dict]) -> list:
            return [
                values.get(f"{item['id']}.{item['property']}")
                if item["id"].startswith("{")
                else {"id": item["id"], "property": item["property"], "value": values.get(f"{item['id']}.{item['property']}")}
                for item in items
            ]

        outputs = [part.rsplit(".", 1) for part in dep["output"].strip(".").split("...")]
        body = {
            "output": dep["output"],
            "outputs": [{"id": i, "property": p} for i, p in outputs]
            if len(outputs) > 1
            else {"id": outputs[0][0], "property": outputs[0][1]},
            "inputs": fill(dep["inputs"]),
            "state": fill(dep.get("state", [])),
            "changedPropIds": [f"{dep['inputs'][0]['id']}.{dep['inputs'][0]['property']}"],
        }
        response = self.http.post(self.url + "/_dash-update-component", json=body)
        response.raise_for_status()
        return orjson.loads(response.content) if response.content else {}

    def together(self, calls: list[tuple[str, dict]]) -> list[dict]:
        return list(self.pool.map(lambda c: self.call(*c), calls))

    def page(self, path: str, search: str, initial: list[tuple[str, dict]]) -> dict:
        """A navigation: the router renders the page (the range control and navbar update at the
        same time), then the page's initial callbacks fire together."""
        location = {"_pages_location.pathname": path, "_pages_location.search": search, "snapshot-run.data": self.run_id}
        rendered, *_ = self.together(
            [("_pages_content.children", location), ("range-preset.value", location), ("nav-overview.href", location)]
        )
        if initial:
            self.together(initial)
        return rendered


def period_of(search: str) -> dict:
    return {"range": search.split("=", 1)[1]} if search else {}


def find_ids(tree: object, kind: str) -> list[tuple[dict, object]]:
    """Pattern-matching ids (and values) of a kind in a rendered layout."""
    found = []
    if isinstance(tree, dict):
        props = tree.get("props", {})
        if isinstance(props.get("id"), dict) and props["id"].get("type") == kind:
            found.append((props["id"], props.get("value")))
        for value in tree.values():
            found += find_ids(value, kind)
    elif isinstance(tree, list):
        for value in tree:
            found += find_ids(value, kind)
    return found
