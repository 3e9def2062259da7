"""Drift: what Composer's answers lack of what its published spec says they hold, and what that
costs the sync.

Composer's API moves (a field renamed, one dropped, a new one added). The sync reads only what it
needs (READ_FIELDS) and tolerates the rest: an extra field is ignored; a field the spec requires
that an answer lacks is drift. When the sync reads that field, the part of the snapshot it feeds
is set aside by the normalizer's own check (kept from the previous snapshot, the rest publishes);
when it does not, nothing is lost and the run only says so, in its output and its manifest's
notes. `python -m ingest doctor` reports every difference from the spec with its cost (`cost`).

The sync checks only required fields, with its own walk of the spec (`absent_fields`), not the
full validation `contract.response_problems` does for `doctor`: on Composer's captured answers the
walk takes 0.02 ms for a backtest and 0.35 ms for a symphony-stats-meta, openapi_core 27 ms and
20 ms, about half a minute more for a thousand-symphony sync.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ingest import contract

BACKTEST = ("post", "/api/v0.1/symphonies/{symphony-id}/backtest")
LIVE_VALUES = ("get", "/api/v0.1/portfolio/accounts/{account-id}/symphonies/{symphony-id}")
VERSIONS = ("get", "/api/v0.1/symphonies/{symphony-id}/versions")
STATS_META = ("get", "/api/v0.1/portfolio/accounts/{account-id}/symphony-stats-meta")
ACCOUNT_HOLDINGS = ("get", "/api/v0.1/accounts/{account-id}/holdings")
TOTAL_STATS = ("get", "/api/v0.1/portfolio/accounts/{account-id}/total-stats")
PORTFOLIO_HISTORY = ("get", "/api/v0.1/portfolio/accounts/{account-id}/portfolio-history")

# the fields of each answer the normalizers read (as JSON paths, `symphonies[*].id`), and what
# of the snapshot each feeds: what an answer without it costs
READ_FIELDS: dict[tuple[str, str], dict[str, str]] = {
    BACKTEST: {
        "dvm_capital": "the backtest (its values)",
        "stats": "the backtest's statistics",
        "first_day": "the backtest's statistics",
        "last_market_day": "the backtest's statistics",
        "rebalance_days": "the backtest's rebalance days",
        "tdvm_weights": "the backtest's allocation changes",
    },
    LIVE_VALUES: {
        "epoch_ms": "the live values",
        "series": "the live values",
        "deposit_adjusted_series": "the live values",
    },
    VERSIONS: {"[*].version_id": "the versions (edits)", "[*].created_at": "the versions (edits)"},
    STATS_META: {
        "symphonies": "every symphony",
        "symphonies[*].id": "the symphony",
        "symphonies[*].name": "the symphony's name",
        "symphonies[*].as_of": "the symphony's holdings date and the check for new live values",
        "symphonies[*].holdings": "the holdings",
        "symphonies[*].value": "the symphony's value today",
        "symphonies[*].last_semantic_update_at": "the symphony's last edit",
        "symphonies[*].invested_since": "the symphony's start",
        "symphonies[*].sharpe_ratio": "Composer's Sharpe ratio",
        "symphonies[*].max_drawdown": "Composer's max drawdown",
        "symphonies[*].annualized_rate_of_return": "Composer's annualized return",
        "symphonies[*].time_weighted_return": "Composer's time-weighted return",
        "symphonies[*].net_deposits": "the symphony's net deposits",
        "symphonies[*].deposit_adjusted_value": "the symphony's deposit-adjusted value",
    },
    ACCOUNT_HOLDINGS: {
        "[*].ticker": "the account's holdings",
        "[*].quantity": "the account's holdings",
        "[*].asset_class": "the account's holdings' asset class",
    },
    TOTAL_STATS: {
        "portfolio_value": "the account's value",
        "net_deposits": "the account's net deposits",
        "time_weighted_return": "Composer's time-weighted return",
        "todays_dollar_change": "the account's change today",
        "todays_percent_change": "the account's change today",
    },
    PORTFOLIO_HISTORY: {"epoch_ms": "the account's values", "series": "the account's values"},
}


def _within(path: str, parent: str) -> bool:
    return path == parent or path.startswith(parent + ".") or path.startswith(parent + "[")


def cost(operation: tuple[str, str], field_path: str) -> str | None:
    """What of the snapshot an answer lacking `field_path` (or holding it not as the spec says)
    costs, or None: the sync reads neither it, nor anything in it, nor anything it is in."""
    read = READ_FIELDS.get(operation, {})
    if field_path in read:
        return read[field_path]
    # a field inside one the sync reads whole (not a container of other read fields, like `symphonies`)
    around = [name for name in read if _within(field_path, name) and not any(_within(o, name) and o != name for o in read)]
    if around:
        return read[max(around, key=len)]
    inside = [read[name] for name in read if _within(name, field_path)]  # a field holding read ones
    return ", ".join(dict.fromkeys(inside)) or None


def _resolve(schema: dict) -> dict:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = contract.spec()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema if isinstance(schema, dict) else {}


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _absent(schema: dict, value: object, where: str, depth: int = 0):
    """The spec-required fields `value` lacks, as JSON paths (three levels deep at most)."""
    schema = _resolve(schema)
    if depth > 3:
        return
    for part in schema.get("allOf", []):
        yield from _absent(part, value, where, depth)
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                yield _join(where, name)
        for name, sub in (schema.get("properties") or {}).items():
            if name in value:
                yield from _absent(sub, value[name], _join(where, name), depth + 1)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            yield from _absent(schema["items"], item, f"{where}[*]", depth + 1)


def absent_fields(operation: tuple[str, str], payload: object) -> list[str]:
    """The fields Composer's published spec requires in a 200 answer of `operation` that `payload` lacks."""
    method, path = operation
    answer = contract.full_spec()["paths"].get(path, {}).get(method, {}).get("responses", {}).get("200", {})
    schema = answer.get("content", {}).get("application/json", {}).get("schema")
    return sorted(set(_absent(schema, payload, ""))) if schema else []


@dataclass
class Drift:
    """Drift seen in one run: per operation, how many answers were read and lacked each field."""

    answers: Counter = field(default_factory=Counter)
    lacking: Counter = field(default_factory=Counter)  # (operation, field) -> answers without it

    def check(self, operation: tuple[str, str], payload: object) -> None:
        self.answers[operation] += 1
        for missing in absent_fields(operation, payload):
            self.lacking[(operation, missing)] += 1

    def merge(self, other: Drift) -> None:
        self.answers.update(other.answers)
        self.lacking.update(other.lacking)

    def notes(self) -> list[str]:
        """One sentence per field Composer's answers lacked: where, how often, and what it cost."""
        out = []
        for (operation, missing), count in sorted(self.lacking.items()):
            method, path = operation
            what = cost(operation, missing)
            costs = (
                f"the sync reads it for {what}, which this snapshot lacks or keeps from the previous one"
                if what
                else "the sync does not read it: nothing was lost"
            )
            out.append(
                f"Composer's {method.upper()} {path.removeprefix('/api/v0.1')} answers lack '{missing}', which its published "
                f"spec lists ({count} of {self.answers[operation]}): {costs}"
            )
        return out
