"""Composer's dry run (`POST /dry-run`): the trades a rebalance *now* would make, per account and
symphony, as the document the live job stores at `live/preview.json` for the strategy page."""

from __future__ import annotations

import datetime as dt

from ingest import contract
from ingest.errors import ValidationError
from ingest.normalize.fields import number

MARKETS_CLOSED = "dry-run-markets-closed"  # Composer's 400 outside market hours: a normal answer


def _trades(symphony_id: str, result: dict) -> list[dict]:
    trades = result.get("recommended_trades")
    if not isinstance(trades, list):
        raise ValidationError(f"dry run of symphony {symphony_id}: recommended_trades is not a list")
    rows = []
    for trade in trades:
        if not isinstance(trade, dict) or not isinstance(trade.get("ticker"), str) or not trade["ticker"]:
            raise ValidationError(f"dry run of symphony {symphony_id}: a recommended trade has no ticker")
        rows.append(
            {
                "ticker": trade["ticker"],
                "notional": number(trade.get("notional")),
                "quantity": number(trade.get("quantity")),
                "prev_value": number(trade.get("prev_value")),
                "prev_weight": number(trade.get("prev_weight")),
                "next_weight": number(trade.get("next_weight")),
            }
        )
    return rows


def preview_document(answer: object, market_date: dt.date, taken_at: dt.datetime) -> dict:
    """The dry run's answer as stored: one entry per symphony (its account, name, value now,
    whether it would rebalance, its recommended trades with signed notional and quantity)."""
    if not isinstance(answer, list):
        raise ValidationError("the dry run did not answer a list of accounts")
    symphonies = []
    for account in answer:
        results = account.get("dry_run_result") if isinstance(account, dict) else None
        if not isinstance(results, dict):
            raise ValidationError("an account of the dry run has no dry_run_result object")
        for symphony_id, result in results.items():
            if not contract.SYMPHONY_ID.match(str(symphony_id)) or not isinstance(result, dict):
                raise ValidationError(f"the dry run names a symphony that is not Composer's: {str(symphony_id)[:40]!r}")
            symphonies.append(
                {
                    "account_id": account.get("broker_account_uuid"),
                    "symphony_id": symphony_id,
                    "name": result.get("symphony_name"),
                    "symphony_value": number(result.get("symphony_value")),
                    "rebalanced": bool(result.get("rebalanced")),
                    "next_rebalance_date": result.get("next_rebalance_date"),
                    "trades": _trades(symphony_id, result),
                }
            )
    return {"market_date": str(market_date), "taken_at": taken_at.isoformat(), "status": "ok", "symphonies": symphonies}


def closed_document(market_date: dt.date, taken_at: dt.datetime, message: str) -> dict:
    """What is stored when Composer answers that the markets are closed."""
    return {
        "market_date": str(market_date),
        "taken_at": taken_at.isoformat(),
        "status": "markets_closed",
        "message": message,
        "symphonies": [],
    }
