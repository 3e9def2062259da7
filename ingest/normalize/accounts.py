"""Accounts, symphonies, holdings, account values, direct orders and symphony versions."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ingest import contract
from ingest.errors import ValidationError
from ingest.normalize.fields import EPOCH, FIRST_LIVE_DAY, check_days, check_values, date, number, timestamp


def normalize_account(account: dict, total_stats: dict | None) -> dict:
    if not isinstance(account, dict) or not account.get("account_uuid"):
        raise ValidationError("an account has no account_uuid")
    totals = total_stats if isinstance(total_stats, dict) else {}
    return {
        "account_id": account["account_uuid"],
        "account_type": account.get("account_type"),
        "status": account.get("status"),
        "broker": account.get("broker"),
        "created_at": timestamp(account.get("created_at")),
        "first_deposit_at": timestamp(account.get("first_deposit_at")),
        "portfolio_value": number(totals.get("portfolio_value")),
        "net_deposits": number(totals.get("net_deposits")),
        "total_cash": number(totals.get("total_cash")),
        "composer_time_weighted_return": number(totals.get("time_weighted_return")),
        "composer_simple_return": number(totals.get("simple_return")),
        "todays_dollar_change": number(totals.get("todays_dollar_change")),
        "todays_percent_change": number(totals.get("todays_percent_change")),
    }


def normalize_symphony(account_id: str, entry: dict) -> dict:
    """One entry of symphony-stats-meta. Composer's drawdown stays a positive fraction."""
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
        raise ValidationError("a symphony in symphony-stats-meta has no id")
    if not contract.SYMPHONY_ID.match(entry["id"]):
        shown = entry["id"][:40].encode("unicode_escape").decode()
        raise ValidationError(
            f"a symphony in symphony-stats-meta has an id that is not Composer's (20 letters and digits): {shown!r}"
        )
    return {
        "account_id": account_id,
        "symphony_id": entry["id"],
        "name": str(entry.get("name") or entry["id"]),
        "description": entry.get("description"),
        "color": entry.get("color"),
        "asset_class": entry.get("asset_class"),
        "rebalance_frequency": entry.get("rebalance_frequency"),
        "invested_since": date(entry.get("invested_since")),
        "last_edit_at": timestamp(entry.get("last_semantic_update_at")),
        "as_of": date(entry.get("as_of")),
        "value": number(entry.get("value")),
        "cash": number(entry.get("cash")),
        "deposit_adjusted_value": number(entry.get("deposit_adjusted_value")),
        "net_deposits": number(entry.get("net_deposits")),
        "simple_return": number(entry.get("simple_return")),
        "composer_time_weighted_return": number(entry.get("time_weighted_return")),
        "composer_annualized_return": number(entry.get("annualized_rate_of_return")),
        "composer_sharpe": number(entry.get("sharpe_ratio")),
        "composer_max_drawdown": number(entry.get("max_drawdown")),
    }


def normalize_holdings(account_id: str, entry: dict) -> list[dict]:
    """A symphony's holdings from its stats-meta entry. An entry without a `holdings` list, or a
    holding without a ticker, is an error (the part is set aside and kept as the previous snapshot
    had it), never an empty list: a symphony that holds nothing says so with `[]`."""
    if "holdings" not in entry:
        raise ValidationError(f"symphony {entry.get('id')}: no 'holdings' in Composer's answer")
    holdings = entry["holdings"]
    if not isinstance(holdings, list):
        raise ValidationError(f"symphony {entry.get('id')}: holdings is not a list")
    if any(not isinstance(h, dict) or not isinstance(h.get("ticker"), str) or not h["ticker"] for h in holdings):
        raise ValidationError(f"symphony {entry.get('id')}: a holding has no ticker")
    as_of = date(entry.get("as_of"))
    return [
        {
            "account_id": account_id,
            "symphony_id": entry["id"],
            "ticker": h.get("ticker"),
            "allocation": number(h.get("allocation")),
            "price": number(h.get("price")),
            "quantity": number(h.get("amount")),
            "value": number(h.get("value")),
            "as_of": as_of,
        }
        for h in holdings
    ]


def normalize_account_values(account_id: str, payload: dict) -> list[dict]:
    """portfolio-history: parallel epoch_ms / series arrays → one row per day."""
    if (
        not isinstance(payload, dict)
        or not isinstance(payload.get("epoch_ms"), list)
        or not isinstance(payload.get("series"), list)
    ):
        raise ValidationError(f"account {account_id}: portfolio-history is not {{'epoch_ms': [...], 'series': [...]}}")
    if len(payload["epoch_ms"]) != len(payload["series"]):
        raise ValidationError(f"account {account_id}: portfolio-history arrays differ in length")
    days: dict[dt.date, float] = {}
    what = f"account {account_id}: portfolio-history"
    for stamp, value in zip(payload["epoch_ms"], payload["series"]):
        ms, v = number(stamp), number(value)
        if ms is not None and v is not None:
            check_days(np.array([ms // 86_400_000], dtype="int64"), what, FIRST_LIVE_DAY)
            check_values(np.array([v]), what)
            days[EPOCH + dt.timedelta(milliseconds=ms)] = v
    return [{"account_id": account_id, "date": d, "value": v} for d, v in sorted(days.items())]


def normalize_account_holdings(account_id: str, payload: list) -> list[dict]:
    """holdings?position_type=ALL: direct and symphony positions; crypto keeps Composer's ticker
    (CRYPTO::BTC//USD), an option its contract details."""
    if not isinstance(payload, list):
        raise ValidationError(f"account {account_id}: holdings is not a list")
    rows = []
    for h in payload:
        if not isinstance(h, dict) or not h.get("ticker"):
            continue
        option = h.get("options_details") if isinstance(h.get("options_details"), dict) else {}
        rows.append(
            {
                "account_id": account_id,
                "ticker": h["ticker"],
                "asset_class": h.get("asset_class"),
                "quantity": number(h.get("quantity")),
                "underlying": option.get("underlying_asset_symbol"),
                "strike_price": number(option.get("strike_price")),
                "expiry": date(option.get("expiry")),
                "contract_type": option.get("contract_type"),
            }
        )
    return rows


def normalize_order_requests(account_id: str, orders: list) -> list[dict]:
    rows, seen = [], set()
    for order in orders:
        if not isinstance(order, dict) or not order.get("order_request_id"):
            raise ValidationError(f"account {account_id}: an order request has no order_request_id")
        order_id = str(order["order_request_id"])
        if order_id in seen:
            continue
        seen.add(order_id)
        rows.append(
            {
                "account_id": account_id,
                "order_request_id": order_id,
                "created_at": timestamp(order.get("created_at")),
                "updated_at": timestamp(order.get("updated_at")),
                "symbol": order.get("symbol"),
                "asset_class": order.get("asset_class"),
                "side": order.get("side"),
                "order_type": order.get("type"),
                "time_in_force": order.get("time_in_force"),
                "quantity": number(order.get("quantity")),
                "notional": number(order.get("notional")),
                "limit_price": number(order.get("limit_price")),
                "status": order.get("status"),
                "source": order.get("source"),
            }
        )
    return rows


def normalize_versions(symphony_id: str, payload: list) -> list[dict]:
    """versions: [{version_id, created_at}] newest first → rows oldest first."""
    if not isinstance(payload, list):
        raise ValidationError(f"symphony {symphony_id}: versions is not a list")
    rows = [
        {"symphony_id": symphony_id, "version_id": str(v.get("version_id")), "created_at": timestamp(v.get("created_at"))}
        for v in payload
        if isinstance(v, dict) and v.get("version_id") is not None
    ]
    return sorted(rows, key=lambda r: (r["created_at"] is None, r["created_at"]))
