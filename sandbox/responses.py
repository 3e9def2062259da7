"""The error bodies Composer answers with, and the faults tests queue (in Composer's shapes)."""

from __future__ import annotations

import json
import time

from flask import Response

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


def fault_response(spec: dict) -> Response:
    """Build the response a queued fault asks for."""
    kind = spec["kind"]
    if kind == "status":
        resp = error(int(spec["status"]), spec.get("title", "Injected fault"), "injected")
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
