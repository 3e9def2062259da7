"""What the sandbox answers, in Composer's JSON shapes, built from the synthetic account: the
account list, live values, symphony stats, portfolio history, total stats, versions, backtests."""

from __future__ import annotations

import datetime as dt
import uuid

import numpy as np

from sandbox import intraday, market
from sandbox.account import ACCOUNT_TYPES, COLORS, Symphony, SyntheticAccount
from sandbox.stats import composer_stats


def accounts_payload(synthetic: SyntheticAccount) -> dict:
    accounts = []
    for n, account_uuid in enumerate(synthetic.account_uuids):
        members = synthetic.symphonies_of(n)
        first = synthetic.calendar[min(s.live_start_index for s in members)] if members else synthetic.as_of
        classes = ["EQUITIES", "CRYPTO"] if n == 0 else ["EQUITIES"]
        accounts.append(
            {
                "account_uuid": account_uuid,
                "account_foreign_id": None,
                "account_type": ACCOUNT_TYPES[n],
                "asset_classes": classes,
                "direct_tradable_asset_classes": {"buy": classes, "sell": classes},
                "symphony_tradable_asset_classes": classes,
                "account_number": f"5UX{abs(hash((synthetic.seed, n))) % 10**6:06d}",
                "status": "ACTIVE",
                "broker": "ALPACA_WHITE_LABEL",
                "created_at": f"{first - dt.timedelta(days=7)}T14:03:11.000Z",
                "first_deposit_at": f"{first - dt.timedelta(days=2)}T15:20:45.000Z",
                "first_incoming_acats_transfer_at": None,
                "first_deploy_at": f"{first}T15:01:02.000Z",
                "first_position_created_at": f"{first}T15:01:02.000Z",
                "first_direct_trade_at": None,
                "is_legacy_crypto_only_account": False,
                "has_queued_deploy": False,
                "has_active_position": True,
            }
        )
    return {"accounts": accounts}


def live_payload(synthetic: SyntheticAccount, symphony_id: str) -> dict:
    dates, value, adjusted = synthetic.live_values(synthetic.by_id[symphony_id].index)
    return {
        "epoch_ms": [market.epoch_ms(d) for d in dates],
        "series": value.tolist(),
        "deposit_adjusted_series": adjusted.tolist(),
    }


def stats_meta_entry(synthetic: SyntheticAccount, sym: Symphony, now: dt.datetime | None = None) -> dict:
    """The symphony's entry; with `now` in a session after the last close, as it reads then."""
    dates, value, adjusted = synthetic.live_values(sym.index)
    stats = composer_stats(adjusted, first_value=float(adjusted[0]))
    too_new = len(dates) < 15
    current = 0.0 if sym.liquidated else float(value[-1])
    net = synthetic.net_deposits(sym.index)
    last_change = float(value[-1] - value[-2]) if len(value) > 1 else 0.0
    entry = {
        "id": sym.id,
        "position_id": str(uuid.UUID(bytes=np.random.default_rng([synthetic.seed, 12, sym.index]).bytes(16), version=4)),
        "name": sym.name,
        "description": f"Synthetic {sym.style.label} strategy for the sandbox account.",
        "color": COLORS[sym.index % len(COLORS)],
        "asset_class": sym.style.asset_class,
        "asset_classes": [sym.style.asset_class],
        "rebalance_frequency": sym.style.rebalance,
        "invested_since": str(dates[0]),
        "last_semantic_update_at": f"{(sym.edits or (sym.created,))[-1]}T08:40:26.379115Z",
        "value": round(current, 2),
        "cash": round(0.02 * current, 2),
        "deposit_adjusted_value": round(float(adjusted[-1]), 2),
        "net_deposits": round(net, 2),
        "simple_return": round((float(value[-1]) - net) / net, 6) if net else 0.0,
        "time_weighted_return": round(float(adjusted[-1] / adjusted[0] - 1), 5),
        "max_drawdown": round(stats["max_drawdown"], 4),
        "last_dollar_change": round(last_change, 7),
        "last_percent_change": round(last_change / float(value[-2]), 3) if len(value) > 1 else 0.0,
        "holdings": synthetic.holdings_of(sym.index),
        "tickers": [{"symbol": f"{sym.style.asset_class}::{t}//USD", "name": t} for t in sym.style.tickers],
        "tags": [],
        "is_shared": False,
        "community_review_status": None,
        "as_of": str(dates[-1]),
        "last_rebalance_on": f"{dates[-1]}T20:00:00Z",
        "last_rebalance_attempted_on": f"{dates[-1]}T20:00:00Z",
        "next_rebalance_on": None if sym.liquidated else str(synthetic.as_of + dt.timedelta(days=1)),
        "may_rebalance_today": False,
        "skip_rebalance_today": False,
    }
    # the spec types these as numbers and does not mark them required: a symphony too new to
    # measure leaves them out (the captured responses' "NaN" strings are not spec-valid JSON)
    if not too_new:
        entry["annualized_rate_of_return"] = round(stats["annualized_rate_of_return"], 4)
        entry["sharpe_ratio"] = round(stats["sharpe_ratio"], 4)
    in_session = intraday.session_fraction(now, synthetic.as_of) if now else None
    if in_session is None or sym.liquidated:
        return entry
    market_date, fraction = in_session
    change = intraday.move(synthetic.seed, sym.index, sym.style.annual_vol, market_date, fraction)
    return intraday.apply(entry, current, change, market_date)


def stats_meta_payload(synthetic: SyntheticAccount, account: int = 0, now: dt.datetime | None = None) -> dict:
    return {"symphonies": [stats_meta_entry(synthetic, s, now) for s in synthetic.symphonies_of(account)]}


def portfolio_history_payload(synthetic: SyntheticAccount, account: int = 0) -> dict:
    days, value, _ = synthetic.account_values(account)
    return {"epoch_ms": [market.epoch_ms(d) for d in days], "series": [round(float(v), 2) for v in value]}


def total_stats_payload(synthetic: SyntheticAccount, account: int = 0, now: dt.datetime | None = None) -> dict:
    entries = [stats_meta_entry(synthetic, s, now) for s in synthetic.symphonies_of(account)]
    cash = synthetic.liquidated_cash(account)
    value = sum(e["value"] for e in entries) + cash
    net = sum(e["net_deposits"] for e in entries)
    change = sum(e["last_dollar_change"] for e in entries if e["value"])
    _, history, pnl = synthetic.account_values(account)
    # Composer's time-weighted return: each day's PnL over the day before's value, compounded
    twr = float(np.prod(1.0 + pnl[1:] / history[:-1]) - 1.0) if history.size > 1 else 0.0
    return {
        "portfolio_value": round(value, 2),
        "total_cash": round(sum(e["cash"] for e in entries) + cash, 2),
        "pending_deploys_cash": 0,
        "total_unallocated_cash": round(cash, 2),
        "net_deposits": round(net, 2),
        "pending_net_deposits": 0.0,
        "pending_withdrawals": 0.0,
        "simple_return": (value - net) / net if net else 0.0,
        "todays_dollar_change": change,
        "todays_percent_change": change / (value - change) if value - change else 0.0,
        "time_weighted_return": twr,
    }


def versions_payload(synthetic: SyntheticAccount, symphony_id: str) -> list[dict]:
    sym = synthetic.by_id[symphony_id]
    created = [sym.created, *sym.edits]
    versions = [
        {"version_id": f"{sym.id}-v{n + 1}", "created_at": f"{day}T13:{10 + n:02d}:00.000Z"} for n, day in enumerate(created)
    ]
    return list(reversed(versions))


def backtest_payload(
    synthetic: SyntheticAccount, symphony_id: str, start: dt.date | None, end: dt.date | None, benchmarks: list[str]
) -> dict:
    from sandbox.backtest import backtest_payload

    return backtest_payload(synthetic, synthetic.by_id[symphony_id], start, end, benchmarks)
