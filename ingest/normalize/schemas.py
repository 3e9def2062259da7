"""The Arrow schema of every lake table, and rows to a table of one."""

from __future__ import annotations

import pyarrow as pa

SCHEMAS: dict[str, pa.Schema] = {
    "accounts": pa.schema(
        [
            ("account_id", pa.string()),
            ("account_type", pa.string()),
            ("status", pa.string()),
            ("broker", pa.string()),
            ("created_at", pa.timestamp("us", tz="UTC")),
            ("first_deposit_at", pa.timestamp("us", tz="UTC")),
            ("portfolio_value", pa.float64()),
            ("net_deposits", pa.float64()),
            ("total_cash", pa.float64()),
            ("composer_time_weighted_return", pa.float64()),
            ("composer_simple_return", pa.float64()),
            ("todays_dollar_change", pa.float64()),
            ("todays_percent_change", pa.float64()),
        ]
    ),
    "symphonies": pa.schema(
        [
            ("account_id", pa.string()),
            ("symphony_id", pa.string()),
            ("name", pa.string()),
            ("description", pa.string()),
            ("color", pa.string()),
            ("asset_class", pa.string()),
            ("rebalance_frequency", pa.string()),
            ("invested_since", pa.date32()),
            ("last_edit_at", pa.timestamp("us", tz="UTC")),
            ("as_of", pa.date32()),
            ("value", pa.float64()),
            ("cash", pa.float64()),
            ("deposit_adjusted_value", pa.float64()),
            ("net_deposits", pa.float64()),
            ("simple_return", pa.float64()),
            ("composer_time_weighted_return", pa.float64()),
            ("composer_annualized_return", pa.float64()),
            ("composer_sharpe", pa.float64()),
            ("composer_max_drawdown", pa.float64()),
            # why this symphony's rows are the previous snapshot's (its sync failed this run);
            # NULL when they are this run's
            ("stale_reason", pa.string()),
            ("stale_since_run", pa.string()),
        ]
    ),
    "holdings": pa.schema(
        [
            ("account_id", pa.string()),
            ("symphony_id", pa.string()),
            ("ticker", pa.string()),
            ("allocation", pa.float64()),
            ("price", pa.float64()),
            ("quantity", pa.float64()),
            ("value", pa.float64()),
            ("as_of", pa.date32()),
        ]
    ),
    # what each symphony held at each day's close (ticker NULL: it held nothing that day), from
    # Composer's symphony-historical-holdings or, where a key cannot read it, the nightly holdings
    "symphony_holdings_history": pa.schema(
        [
            ("account_id", pa.string()),
            ("symphony_id", pa.string()),
            ("date", pa.date32()),
            ("ticker", pa.string()),
            ("quantity", pa.float64()),
            ("price", pa.float64()),
            ("value", pa.float64()),
            ("weight", pa.float64()),
            ("origin", pa.string()),
        ]
    ),
    "daily_values": pa.schema(
        [
            ("account_id", pa.string()),
            ("symphony_id", pa.string()),
            ("date", pa.date32()),
            ("value", pa.float64()),
            ("deposit_adjusted_value", pa.float64()),
        ]
    ),
    "backtest_values": pa.schema(
        [("symphony_id", pa.string()), ("series", pa.string()), ("date", pa.date32()), ("value", pa.float64())]
    ),
    "benchmark_values": pa.schema([("ticker", pa.string()), ("date", pa.date32()), ("value", pa.float64())]),
    "account_values": pa.schema([("account_id", pa.string()), ("date", pa.date32()), ("value", pa.float64())]),
    "account_holdings": pa.schema(
        [
            ("account_id", pa.string()),
            ("ticker", pa.string()),
            ("asset_class", pa.string()),
            ("quantity", pa.float64()),
            ("underlying", pa.string()),
            ("strike_price", pa.float64()),
            ("expiry", pa.date32()),
            ("contract_type", pa.string()),
        ]
    ),
    "symphony_versions": pa.schema(
        [("symphony_id", pa.string()), ("version_id", pa.string()), ("created_at", pa.timestamp("us", tz="UTC"))]
    ),
    "order_requests": pa.schema(
        [
            ("account_id", pa.string()),
            ("order_request_id", pa.string()),
            ("created_at", pa.timestamp("us", tz="UTC")),
            ("updated_at", pa.timestamp("us", tz="UTC")),
            ("symbol", pa.string()),
            ("asset_class", pa.string()),
            ("side", pa.string()),
            ("order_type", pa.string()),
            ("time_in_force", pa.string()),
            ("quantity", pa.float64()),
            ("notional", pa.float64()),
            ("limit_price", pa.float64()),
            ("status", pa.string()),
            ("source", pa.string()),
        ]
    ),
    # one row per fill (kind TRADE, from the trade report: account-level, the report does not say
    # which symphony placed an order) or per cash event (from the non-trade report)
    "activity": pa.schema(
        [
            ("account_id", pa.string()),
            ("kind", pa.string()),
            ("date", pa.date32()),
            ("occurred_at", pa.timestamp("us", tz="UTC")),
            ("order_id", pa.string()),
            ("symbol", pa.string()),
            ("side", pa.string()),
            ("quantity", pa.float64()),
            ("price", pa.float64()),
            ("notional", pa.float64()),
            ("amount", pa.float64()),
            ("type_code", pa.string()),
            ("subtype_code", pa.string()),
            ("description", pa.string()),
        ]
    ),
    "backtest_rebalances": pa.schema([("symphony_id", pa.string()), ("date", pa.date32())]),
    "backtest_allocation_changes": pa.schema(
        [
            ("symphony_id", pa.string()),
            ("date", pa.date32()),
            ("ticker", pa.string()),
            ("weight_before", pa.float64()),
            ("weight_after", pa.float64()),
        ]
    ),
    "backtest_stats": pa.schema(
        [
            ("symphony_id", pa.string()),
            ("first_day", pa.date32()),
            ("last_market_day", pa.date32()),
            ("cumulative_return", pa.float64()),
            ("annualized_rate_of_return", pa.float64()),
            ("sharpe_ratio", pa.float64()),
            ("sortino_ratio", pa.float64()),
            ("max_drawdown", pa.float64()),
            ("calmar_ratio", pa.float64()),
            ("standard_deviation", pa.float64()),
            ("win_rate", pa.float64()),
            ("fetched_at", pa.timestamp("us", tz="UTC")),
        ]
    ),
}


TABLES = tuple(SCHEMAS)


def to_table(name: str, rows: list[dict]) -> pa.Table:
    """Rows → a table with the declared schema (missing keys become NULL)."""
    schema = SCHEMAS[name]
    return pa.Table.from_pylist([{f: row.get(f) for f in schema.names} for row in rows], schema=schema)
