"""Every environment variable the project reads, declared once: its name, default, kind, meaning
and who reads it. `ingest/config.py`, `webapp/config.py` and `sql/duck.py` read their values through
`value()`; the README's configuration table is `python -m settings` (a test keeps them equal), the
test suite clears exactly these names, and the dashboard's hints read the annualization factor
from here rather than writing 252.

Defaults that the `.sql` files also need (for the DuckDB CLI, which has no Python) are written
there too, as `coalesce(getvariable('…'), <default>)`; a test checks that they agree.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Setting:
    name: str
    default: object  # the parsed value used when the variable is unset or empty
    kind: str  # text | int | float | flag | list
    meaning: str
    readers: tuple[str, ...]
    aliases: tuple[str, ...] = ()  # other names read when this one is unset
    shown: str | None = None  # the default as the README shows it, when not the value itself
    variable: str | None = None  # the DuckDB variable it sets, whose default the .sql files repeat

    def default_shown(self) -> str:
        if self.shown is not None:
            return self.shown
        if self.default is None or self.default == ():
            return "—"
        if self.kind == "flag":
            return "on" if self.default else "off"
        return f"`{self.default}`"


from settings.catalog import SETTINGS  # noqa: E402  (the declarations need Setting, defined above)

BY_NAME = {s.name: s for s in SETTINGS}
RULE_PREFIX = "ALERT_"  # any ALERT_<NAME> (ALERT_URLS aside) is a rule threshold, declared or not


class SettingError(ValueError):
    """A variable's value cannot be read as its kind; the message names it."""


def raw(env: Mapping[str, str], name: str) -> str | None:
    """The variable's text (or an alias's), None when unset or blank."""
    for key in (name, *BY_NAME[name].aliases):
        text = (env.get(key) or "").strip()
        if text:
            return text
    return None


def value(name: str, env: Mapping[str, str] | None = None) -> object:
    """The setting's value from `env` (default: the process environment), parsed as its kind."""
    setting = BY_NAME[name]
    text = raw(os.environ if env is None else env, name)
    if text is None:
        return setting.default
    try:
        if setting.kind == "int":
            return int(text)
        if setting.kind == "float":
            return float(text)
    except ValueError:
        raise SettingError(f"{name} is {text!r}, not a number: fix the environment variable") from None
    if setting.kind == "flag":
        return text.lower() in TRUE if not setting.default else text.lower() not in FALSE
    if setting.kind == "list":
        return tuple(part for part in re.split(r"[\s,]+", text) if part)
    return text


def default(name: str) -> object:
    """The setting's default (what the config dataclasses start from)."""
    return BY_NAME[name].default


def is_setting(name: str) -> bool:
    """Whether the project reads this variable (the tests clear exactly these)."""
    return name in BY_NAME or any(name in s.aliases for s in SETTINGS) or name.startswith(RULE_PREFIX)


def markdown_table() -> str:
    rows = ["| variable | used by | default | meaning |", "|---|---|---|---|"]
    rows += [f"| `{s.name}` | {', '.join(s.readers)} | {s.default_shown()} | {s.meaning} |" for s in SETTINGS]
    return "\n".join(rows)
