"""Composer's published API reference, enforced: requests and responses checked against it.

`composer_openapi.json` beside this module is Composer's OpenAPI 3.0 document, kept as data
(copied from ../shared/composer-fixtures/openapi.json); `composer_openapi_newer.json` adds the
endpoints Composer documented later, in the same form. openapi-core does the checking: the
sandbox refuses what the spec refuses, tests check every request the client sends and every
response the sandbox serves, and `python -m ingest doctor` checks Composer's live answers.

The report CSVs' columns, from real downloads, are declared here (`REPORT_COLUMNS`); what real
Composer sends unlike its own spec is in `KNOWN_DEVIATIONS`, reported as known, not as a change.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import pathlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

SPEC_PATH = pathlib.Path(__file__).with_name("composer_openapi.json")
# endpoints documented after that copy (COMPOSER_API.md, "Newer than our spec copy"), written down by us
NEWER_PATH = pathlib.Path(__file__).with_name("composer_openapi_newer.json")
HOST = "https://api.composer.trade"
NEW_YORK = ZoneInfo("America/New_York")  # the time zone of Composer's reports and trading days
# Composer's symphony ids: plain strings in the spec, but every id it serves is 20 letters and
# digits. Anything else is refused before the id reaches a URL, a file name or a page.
SYMPHONY_ID = re.compile(r"^[A-Za-z0-9]{20}$")

# Report CSV columns the client reads, by report type (headers are matched by name, in any order).
# "Filled Quantity" was "Quantity" in older downloads: either is accepted.
REPORT_COLUMNS: dict[str, tuple[tuple[str, ...], ...]] = {
    "trade-activity": (
        ("Order ID",),
        ("Symbol",),
        ("Side",),
        ("Status",),
        ("Filled Quantity", "Quantity"),
        ("Average Fill Price",),
        ("Filled Notional",),
        ("Filled Date/Time (America/New_York)",),
    ),
    "non-trade-activity": (
        ("Type Code",),
        ("Subtype Code",),
        ("Settled Date (America/New_York)",),
        ("Net Amount",),
        ("Description",),
    ),
}

# Differences between the spec and what Composer's production API answers, seen in captured
# responses (../shared/composer-fixtures/): (JSON path pattern, message pattern, explanation).
KNOWN_DEVIATIONS: tuple[tuple[str, str, str], ...] = (
    (
        r"^symphonies\[\*\]\.(last_rebalance_on|last_rebalance_attempted_on)$",
        r"is not a 'date-time'",
        "Composer sends a date (2026-05-20) where its spec says date-time",
    ),
    (r"^$", r"'metrics' (was|were) unexpected", "total-stats carries an extra 'metrics' object"),
)


@dataclass(frozen=True)
class Problem:
    """One difference from the spec: where (a JSON path, `symphonies[*].name`) and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where or '(body)'}: {self.message}"

    @property
    def known(self) -> str | None:
        """The explanation when this is a difference Composer is known to have from its spec."""
        for path, message, why in KNOWN_DEVIATIONS:
            if re.search(path, self.where) and re.search(message, self.message):
                return why
        return None


@dataclass
class _Request:
    """An HTTP request as openapi-core reads it."""

    method: str
    path: str
    query: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None
    content_type: str = "application/json"
    host_url: str = HOST

    @property
    def parameters(self) -> RequestParameters:
        _, path_values = match_path(self.path) or (None, {})
        return RequestParameters(
            path=path_values, query=ImmutableMultiDict(list(self.query.items())), header=Headers(), cookie=ImmutableMultiDict()
        )


@dataclass
class _Response:
    data: bytes
    status_code: int = 200
    content_type: str = "application/json"

    @property
    def headers(self) -> Headers:
        return Headers({"Content-Type": self.content_type})


@functools.cache
def spec() -> dict:
    """The spec as plain JSON (for looking up response schemas and parameters)."""
    return json.loads(SPEC_PATH.read_text())


@functools.cache
def full_spec() -> dict:
    """The published spec with the newer endpoints' paths added: what everything is held to."""
    published = spec()
    return {**published, "paths": {**published["paths"], **json.loads(NEWER_PATH.read_text())["paths"]}}


@functools.cache
def api() -> OpenAPI:
    # Composer's document uses `const`, which OpenAPI 3.0 does not allow, so the check of the
    # document itself is skipped; requests and responses are still validated against it.
    return OpenAPI.from_dict(full_spec(), config=Config(spec_validator_cls=None))


@functools.cache
def _templates() -> list[tuple[re.Pattern, str, list[str]]]:
    """Each path of the spec as a pattern ({account-id} → one path segment), literal paths first."""
    compiled = []
    for template in sorted(full_spec()["paths"], key=lambda p: (p.count("{"), p)):
        parts = re.split(r"\{[^}]+\}", template)
        pattern = "^" + "([^/]+)".join(re.escape(part) for part in parts) + "$"
        compiled.append((re.compile(pattern), template, re.findall(r"\{([^}]+)\}", template)))
    return compiled


def match_path(path: str) -> tuple[str, dict[str, str]] | None:
    """(the spec's path template, its path parameters) for a concrete path, or None."""
    for pattern, template, names in _templates():
        found = pattern.match(path)
        if found:
            return template, dict(zip(names, found.groups()))
    return None


def _where(path: object) -> str:
    text = ""
    for part in path:
        text += "[*]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _problems(exc: BaseException) -> list[Problem]:
    """Flatten openapi-core's exception chain into problems with a place: a parameter
    (`query since`) or a JSON path (`symphonies[*].as_of`, once for all list items)."""
    found: dict[tuple[str, str], Problem] = {}
    place = ""
    error: BaseException | None = exc
    while error is not None:
        if getattr(error, "location", None) and getattr(error, "name", None):
            place = f"{error.location} parameter {error.name}"
            if "Missing" in type(error).__name__:
                found.setdefault((place, "missing"), Problem(place, "required but missing"))
                break
        schema_errors = getattr(error, "schema_errors", None)
        if schema_errors:
            for sub in schema_errors:
                for leaf in _leaves(sub):
                    where = place or _where(leaf.absolute_path)
                    found.setdefault((where, leaf.message), Problem(where, leaf.message[:300]))
            break
        following = error.__cause__ or error.__context__
        if following is None or isinstance(error, (KeyError, ValueError)):
            found.setdefault((place, str(error)), Problem(place, str(error)[:300]))
            break
        error = following
    return list(found.values())


def _leaves(error) -> list:
    """The most specific jsonschema errors under one (anyOf/oneOf keep their branches' errors)."""
    return [leaf for child in error.context for leaf in _leaves(child)] if error.context else [error]


def request_problems(method: str, path: str, query: Mapping[str, str] | None = None, body: object = None) -> list[Problem]:
    """What is wrong with a request by the spec (empty when it is valid). Query parameters the
    spec does not define are not problems: Composer ignores them."""
    data = None if body is None else json.dumps(body).encode()
    request = _Request(method.lower(), path, dict(query or {}), data)
    try:
        api().validate_request(request)
    except Exception as exc:  # noqa: BLE001 (openapi-core raises a tree of its own errors)
        return _problems(exc)
    return []


def response_problems(
    method: str,
    path: str,
    status: int,
    body: bytes,
    content_type: str = "application/json",
    query: Mapping[str, str] | None = None,
) -> list[Problem]:
    """What is wrong with a response by the spec's schema for that operation and status."""
    request = _Request(method.lower(), path, dict(query or {}))
    try:
        api().validate_response(request, _Response(body, status, content_type))
    except Exception as exc:  # noqa: BLE001
        return _problems(exc)
    return []


def error_schema(method: str, path_template: str, status: int) -> dict | None:
    """The JSON schema of an operation's error response (None when the spec gives none)."""
    operation = full_spec()["paths"].get(path_template, {}).get(method.lower(), {})
    response = operation.get("responses", {}).get(str(status), {})
    return response.get("content", {}).get("application/json", {}).get("schema")


def missing_report_columns(report_type: str, header: list[str] | None) -> list[str]:
    """The documented columns a report CSV's header lacks (matched by name, in any order)."""
    present = {name.strip() for name in header or [] if name}
    return [" or ".join(names) for names in REPORT_COLUMNS[report_type] if not present.intersection(names)]


def new_york_day_bounds(first: dt.date, last: dt.date) -> tuple[str, str]:
    """ISO 8601 date-times (UTC) from the start of `first` to the last millisecond of `last`, as
    New York days: the report endpoint takes date-times and refuses bare dates."""
    start = dt.datetime.combine(first, dt.time(), tzinfo=NEW_YORK)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=NEW_YORK) - dt.timedelta(milliseconds=1)

    def utc(moment: dt.datetime) -> str:
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

    return utc(start), utc(end)
