"""Evaluate the alert rules: each `sql/alerts/NN_<rule>.sql` is optional statements (`set variable`
for its thresholds, with their defaults) then one query over the views returning the columns of
COLUMNS, and optionally those of OPTIONAL:

- `since`: the day the rule's condition began in the data (else the snapshot's last trading day);
- `in_alarm`: whether the row's subject is in alarm. A rule with this column returns the subjects
  it watches whether in alarm or not, so that a resolved alert can say the figure now; without
  it every row is in alarm.

A rule that fails is reported with its file and does not touch the state of its alerts (they
neither start nor resolve on a broken rule)."""

from __future__ import annotations

import dataclasses
import pathlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import duckdb

from sql.duck import SQL_DIR

RULES_DIR = SQL_DIR / "alerts"
COLUMNS = ("rule", "subject_kind", "subject_id", "name", "severity", "value", "threshold", "message")
OPTIONAL = ("since", "in_alarm")


@dataclass(frozen=True)
class Alarm:
    """One subject under one rule, as the rule's query returned it (in alarm unless the rule's
    in_alarm column said otherwise: then it is a reading, what a resolution reports)."""

    rule: str
    subject_kind: str
    subject_id: str
    name: str
    severity: str
    value: float | None
    threshold: float | None
    message: str
    file: str = ""  # the rule file that raised it
    since: str | None = None  # ISO day the condition began in the data, when the rule says
    in_alarm: bool = True

    @property
    def alert_id(self) -> str:
        """Stable across runs: the same rule on the same subject is the same alert."""
        return f"{self.rule}:{self.subject_kind}:{self.subject_id}"

    def as_dict(self) -> dict:
        return {"alert_id": self.alert_id, **asdict(self)}


@dataclass(frozen=True)
class RuleError:
    file: str
    error: str

    def line(self) -> str:
        return f"alert rule {self.file} failed: {self.error} (fix the file; its alerts keep their last state meanwhile)"


@dataclass(frozen=True)
class Evaluation:
    alarms: list[Alarm]
    errors: list[RuleError]
    thresholds: dict[str, str] = dataclasses.field(default_factory=dict)  # every alert_* variable as the rules saw it
    as_of: str | None = None  # the snapshot's last trading day: the day the alarms are about
    readings: dict[str, Alarm] = dataclasses.field(default_factory=dict)  # alert_id -> the subject's row when not in alarm

    @property
    def failed_files(self) -> set[str]:
        return {e.file for e in self.errors}


def rule_files(rules_dir: pathlib.Path = RULES_DIR) -> list[pathlib.Path]:
    return sorted(rules_dir.glob("*.sql"))


def set_variables(con: duckdb.DuckDBPyConnection, variables: Mapping[str, object]) -> None:
    """Thresholds from the environment (ALERT_*) and the run's facts (sync_exit_code), set before
    the files so that their defaults give way."""
    for name, value in variables.items():
        if value is None:
            continue
        kind = "double" if isinstance(value, float) else "integer" if isinstance(value, int) else "varchar"
        con.execute(f'set variable "{name}" = ?::{kind}', [value])


def evaluate_file(con: duckdb.DuckDBPyConnection, path: pathlib.Path) -> list[Alarm]:
    statements = con.extract_statements(path.read_text(encoding="utf-8"))
    if not statements or statements[-1].type != duckdb.StatementType.SELECT:
        raise ValueError("the file must end with one query (a select) returning " + ", ".join(COLUMNS))
    for statement in statements[:-1]:
        con.execute(statement.query)
    result = con.execute(statements[-1].query)
    names = [d[0] for d in result.description]
    if names[: len(COLUMNS)] != list(COLUMNS) or any(n not in OPTIONAL for n in names[len(COLUMNS) :]):
        raise ValueError(
            f"its query returns columns {names}; a rule returns {list(COLUMNS)}, then optionally {' and '.join(OPTIONAL)}"
        )
    return [_alarm(dict(zip(names, row))) for row in result.fetchall()]


def _alarm(item: dict) -> Alarm:
    for key in ("rule", "subject_kind", "subject_id", "name", "severity", "message"):
        if item[key] is None:
            raise ValueError(f"a row has no {key}")
    since = item.get("since")
    return Alarm(
        **{k: str(item[k]) for k in ("rule", "subject_kind", "subject_id", "name", "severity", "message")},
        value=None if item["value"] is None else float(item["value"]),
        threshold=None if item["threshold"] is None else float(item["threshold"]),
        since=None if since is None else str(since)[:10],
        in_alarm=True if "in_alarm" not in item else bool(item["in_alarm"]),
    )


def evaluate(con: duckdb.DuckDBPyConnection, variables: Mapping[str, object], rules_dir: pathlib.Path = RULES_DIR) -> Evaluation:
    """Every rule file on a connection where the views are loaded."""
    set_variables(con, variables)
    alarms: list[Alarm] = []
    errors: list[RuleError] = []
    for path in rule_files(rules_dir):
        try:
            found = evaluate_file(con, path)
        except (duckdb.Error, ValueError, OSError) as exc:
            errors.append(RuleError(path.name, str(exc).splitlines()[0]))
            continue
        alarms.extend(dataclasses.replace(a, file=path.name) for a in found)
    unique = {a.alert_id: a for a in alarms if a.in_alarm}  # one alert per rule and subject
    readings = {a.alert_id: a for a in alarms if not a.in_alarm and a.alert_id not in unique}
    thresholds = dict(
        con.execute(
            "select name, value::varchar from duckdb_variables() where name like 'alert\\_%' escape '\\' order by name"
        ).fetchall()
    )
    try:
        (as_of,) = con.execute("select max(date)::varchar from daily_values").fetchone()
    except duckdb.Error:
        as_of = None
    return Evaluation(sorted(unique.values(), key=lambda a: a.alert_id), errors, thresholds, as_of, readings)
