"""What the nightly job decided about alerts, as the dashboard shows it: the state it saved in the
lake (alerts/latest.json: active alerts, history, the thresholds used) and the rule files'
definitions. The state is written after the snapshot is published, so it is read on its own
clock (at most once per SNAPSHOT_CHECK_SECONDS per process), not cached with the snapshot."""

from __future__ import annotations

import json
import logging
import pathlib
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from sql.duck import SQL_DIR, normalize_data_url

log = logging.getLogger("webapp.alert_board")
RULES_DIR = SQL_DIR / "alerts"
POINTER = "alerts/latest.json"  # ingest/alerts/state.py writes it


@dataclass(frozen=True)
class Board:
    evaluated_at: str | None = None
    snapshot_run_id: str | None = None
    active: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    thresholds: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def starts(self) -> list[dict]:
        return [h for h in self.history if h.get("event") == "started"]


@dataclass(frozen=True)
class Rule:
    file: str
    definition: list[tuple[str, str]]  # the file's header comment as (term, text): term "" for a paragraph
    variables: list[str]  # the alert_* variables it sets


_lock = threading.Lock()
_cache: dict[str, tuple[float, Board]] = {}


def board(read_text: Callable[[str], str | None], data_url: str, max_age: float) -> Board:
    """The saved alert state (an empty board when none was saved yet), re-read after `max_age` s."""
    with _lock:
        cached = _cache.get(data_url)
        if cached and time.monotonic() - cached[0] < max_age:
            return cached[1]
    loaded = _read(read_text, data_url)
    with _lock:
        _cache[data_url] = (time.monotonic(), loaded)
    return loaded


def _read(read_text: Callable[[str], str | None], data_url: str) -> Board:
    url = f"{normalize_data_url(data_url)}/{POINTER}"
    try:
        text = read_text(url)
        data = json.loads(text) if text else {}
    except (duckdb.Error, ValueError) as exc:
        log.exception("the alert state %s could not be read", url)
        return Board(error=f"The alert state could not be read ({str(exc).splitlines()[0][:200]}).")
    return Board(
        evaluated_at=data.get("evaluated_at"),
        snapshot_run_id=data.get("snapshot_run_id"),
        active=sorted(data.get("active", []), key=lambda a: (a.get("severity") != "critical", a.get("started_at") or "")),
        history=list(reversed(data.get("history", []))),
        thresholds=dict(data.get("thresholds", {})),
    )


def definition_blocks(header: list[str]) -> list[tuple[str, str]]:
    """A rule file's header comment (its lines without the leading "--") as readable blocks, in
    the layout the files use: a line at the margin starts a paragraph (or continues one), an
    indented line `  term   text` is a definition of `term`, and a line indented deeper
    continues the text above it. Returns (term, text) pairs, term "" for a paragraph."""
    blocks: list[tuple[str, str]] = []
    for line in header:
        text = line[1:] if line.startswith(" ") else line  # "-- text": the one space after the dashes
        indent = len(text) - len(text.lstrip())
        body = text.strip()
        if not body:
            continue
        term_and_text = re.match(r"(\S+(?: \S+)*?)\s{2,}(\S.*)", body) if indent in (1, 2, 3) else None
        if term_and_text:
            blocks.append((term_and_text[1], term_and_text[2]))
        elif blocks and (indent > 3 or (indent == 0 and not blocks[-1][0] and not blocks[-1][1].endswith("."))):
            blocks[-1] = (blocks[-1][0], f"{blocks[-1][1]} {body}")  # a continuation line
        else:
            blocks.append(("", body))
    return blocks


def rules(rules_dir: pathlib.Path = RULES_DIR) -> list[Rule]:
    """Each rule file with its header comment (its definition) and the variables it sets: the
    nightly rules, then the intraday ones (`live/...`)."""
    out = []
    for path in [*sorted(rules_dir.glob("*.sql")), *sorted(rules_dir.glob("live/*.sql"))]:
        lines = path.read_text(encoding="utf-8").splitlines()
        header = []
        for line in lines:
            if not line.startswith("--"):
                break
            header.append(line[2:])
        variables = sorted({line.split()[2] for line in lines if line.lower().startswith("set variable ")})
        out.append(Rule(path.relative_to(rules_dir).as_posix(), definition_blocks(header), variables))
    return out
