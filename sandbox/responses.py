"""The error bodies Composer answers with, and the faults tests queue (in Composer's shapes)."""

from __future__ import annotations

import json
import time

from flask import Response, g

from ingest import contract


def error(status: int, title: str, code: str) -> Response:
    body = {"errors": [{"status": status, "code": code, "title": title}]}
    return Response(json.dumps(body), status=status, mimetype="application/json")


def invalid(method: str, path: str, problems: list[contract.Problem]) -> Response:
    """Composer's 400 for a request its spec refuses, in the body shape the spec gives for it."""
    title = "Invalid request parameters: " + "; ".join(str(p) for p in problems)
    matched = contract.match_path(path)
    schema = contract.error_schema(method, matched[0], 400) if matched else None
    if schema and schema.get("type") == "object":
        body: object = {"errors": [{"status": 400, "code": "invalid-request", "title": title, "meta": {}}]}
    else:
        body = title
    return Response(json.dumps(body), status=400, mimetype="application/json")


def without_fields(response: Response) -> Response:
    """An "omit" fault: the answer as served, less the fields it names (dotted JSON paths, `[*]`
    for every item of a list: `symphonies[*].holdings`, as the run's drift notes name them)."""
    fields = getattr(g, "omit", None)
    if not fields or not response.is_json:
        return response
    body = response.get_json()
    for path in fields:
        _drop(body, [part for part in path.replace("[*]", ".[*]").split(".") if part])
    response.set_data(json.dumps(body))
    return response


def _drop(node: object, parts: list[str]) -> None:
    head, rest = parts[0], parts[1:]
    if not rest:
        if isinstance(node, dict):
            node.pop(head, None)
        return
    children = node if head == "[*]" and isinstance(node, list) else [node.get(head)] if isinstance(node, dict) else []
    for child in children:
        _drop(child, rest)


def fault_response(spec: dict) -> Response:
    """Build the response a queued fault asks for."""
    kind = spec["kind"]
    if kind == "status":
        resp = error(int(spec["status"]), spec.get("title", "Injected fault"), spec.get("code", "injected"))
        if "retry_after" in spec:
            resp.headers["Retry-After"] = str(spec["retry_after"])
        return resp
    if kind == "slow":
        time.sleep(float(spec["seconds"]))
        return error(503, "Slow upstream", "injected")
    if kind == "body":
        return Response(spec["body"], status=int(spec.get("status", 200)), mimetype=spec.get("content_type", "application/json"))
    if kind == "drop":
        # promise a long body, send a little, then close the connection mid-response
        def cut_short():
            yield b'{"partial": '
            raise ConnectionAbortedError("sandbox dropped the connection on purpose")

        return Response(cut_short(), status=200, mimetype="application/json", headers={"Content-Length": "1000"})
    raise ValueError(f"unknown fault kind {kind!r}")
