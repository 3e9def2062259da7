"""The synthetic Composer account: symphonies, their live and backtest series, and API payloads.

Everything is a pure function of (seed, size, as_of), so tests and benchmarks can ask for the
same account twice. Payload shapes follow the captured responses in
`../shared/composer-fixtures/` (field names, epoch-ms live dates, epoch-day backtest keys in no
particular order, positive-fraction drawdowns, "NaN" strings for a symphony too new to measure).
"""

from __future__ import annotations

import datetime as dt
import functools
import string
import uuid
from dataclasses import dataclass

import numpy as np

from sandbox import market
from sandbox.market import Style
from sandbox.stats import composer_stats

STYLES: dict[str, Style] = {
    "momentum3x": Style("leveraged momentum", 0.45, 0.62, 2.4, 3.5, "EQUITIES", ("TQQQ", "SOXL", "UPRO", "BIL")),
    "bonds": Style("bond rotation", 0.045, 0.05, 0.05, 8.0, "EQUITIES", ("TLT", "IEF", "SHY", "BIL", "TIP")),
    "crypto": Style("crypto trend", 0.3, 0.7, 0.6, 3.0, "CRYPTO", ("BTC", "ETH", "SOL", "USDC")),
    "sector": Style("sector rotation", 0.14, 0.2, 1.0, 5.0, "EQUITIES", ("XLK", "XLE", "XLF", "XLV", "XLU")),
    "volatility": Style("volatility harvest", 0.2, 0.35, -0.3, 3.2, "EQUITIES", ("SVXY", "VIXY", "BIL")),
    "dividend": Style("dividend growth", 0.09, 0.14, 0.8, 6.0, "EQUITIES", ("SCHD", "VIG", "DGRO", "HDV")),
    "hedged": Style("hedged equity", 0.08, 0.1, 0.4, 6.0, "EQUITIES", ("SPY", "TAIL", "BIL", "GLD")),
    "tech": Style("tech growth", 0.22, 0.3, 1.3, 4.5, "EQUITIES", ("QQQ", "NVDA", "MSFT", "AAPL", "AMZN")),
    "meanrev": Style("mean reversion", 0.12, 0.16, 0.2, 4.0, "EQUITIES", ("SPXL", "SPXS", "BIL")),
    "allweather": Style("all weather", 0.06, 0.08, 0.35, 7.0, "EQUITIES", ("VTI", "TLT", "GLD", "DBC", "IEF")),
}

# (name, style, trading days live, what is special about it)
TEMPLATES: list[tuple[str, str, int, str]] = [
    ("TQQQ For The Long Term (leveraged momentum)", "momentum3x", 860, ""),
    ("Treasury Ladder Rotation", "bonds", 880, ""),
    ("Crypto Trend Rider", "crypto", 790, ""),
    ("Sector Rotation Classic", "sector", 600, "liquidated"),
    ("Fresh Start: Vol Harvest", "volatility", 10, "new"),
    ("Dividend Compounder (monthly deposits)", "dividend", 850, "deposits"),
    ("Hedged Core", "hedged", 820, ""),
    ("Magnificent Tech Tilt", "tech", 780, ""),
    ("SPY Mean Reversion", "meanrev", 700, "edited"),
    ("All Weather Lite", "allweather", 900, ""),
    ("Semis Momentum 3x", "momentum3x", 520, "edited"),
    ("Short-Duration Income", "bonds", 640, ""),
    ("Bitcoin Dip Buyer", "crypto", 450, ""),
    ("Energy and Value Rotation", "sector", 760, "edited"),
    ("VIX Term Structure", "volatility", 560, ""),
    ("Quality Dividend Tilt", "dividend", 400, ""),
    ("Tail-Risk Hedged S&P", "hedged", 300, ""),
    ("AI Infrastructure Leaders", "tech", 250, "deposits"),
    ("RSI Bounce Strategy", "meanrev", 820, ""),
    ("Permanent Portfolio", "allweather", 870, ""),
    ("Nasdaq Trend 2x", "momentum3x", 380, ""),
    ("TIPS and Gold Inflation Guard", "allweather", 330, "edited"),
    ("Ethereum Momentum", "crypto", 220, ""),
    ("Low-Vol Factor Blend", "hedged", 690, ""),
    ("Healthcare Defensive Rotation", "sector", 150, ""),
]

# the accounts of the sandbox's login: a taxable account, and a Roth IRA holding every fifth symphony
ACCOUNT_TYPES = ("INDIVIDUAL", "ROTH_IRA")
COLORS = ("#829DFF", "#FF8A65", "#4DB6AC", "#BA68C8", "#FFD54F", "#90A4AE", "#F06292", "#AED581")
ID_ALPHABET = string.ascii_letters + string.digits
BACKTEST_CAPITAL = 10_000.0
CALENDAR_START = dt.date(2020, 11, 23)
REFERENCE = dt.date(2026, 11, 20)  # symphony start dates are set relative to this day
BENCHMARK = "SPY"


@dataclass(frozen=True)
class Symphony:
    """One synthetic symphony: identity, behaviour and cash-flow history."""

    index: int
    id: str
    name: str
    style: Style
    created: dt.date
    live_start_index: int
    live_end_index: int
    initial_deposit: float
    cash_flows: tuple[tuple[int, float], ...]
    edits: tuple[dt.date, ...]
    liquidated: bool
    account: int


def _symphony_id(seed: int, index: int) -> str:
    rng = np.random.default_rng([seed, 3, index])
    return "".join(ID_ALPHABET[i] for i in rng.integers(0, len(ID_ALPHABET), size=20))


class SyntheticAccount:
    """A deterministic Composer login: `size` symphonies valued up to `as_of`, spread over
    `accounts` accounts (the first, taxable, holds most; a Roth IRA every fifth symphony)."""

    def __init__(self, seed: int = 7, size: int = 25, as_of: dt.date | None = None, accounts: int = 2):
        self.seed = seed
        self.as_of = market.last_weekday(as_of or dt.date.today() - dt.timedelta(days=1))
        if self.as_of < REFERENCE:
            raise ValueError(f"the sandbox account is valued from {REFERENCE} on; as_of {self.as_of} is earlier")
        # a fixed start and a fixed reference day keep the past identical when as_of moves on:
        # a later as_of only adds days, like a real account the next morning
        self.calendar = market.trading_days(CALENDAR_START, self.as_of)
        self.reference_days = len(market.trading_days(CALENDAR_START, REFERENCE))
        self.account_uuids = [
            str(uuid.UUID(bytes=np.random.default_rng([seed, 8] + ([n] if n else [])).bytes(16), version=4))
            for n in range(max(1, min(accounts, len(ACCOUNT_TYPES))))
        ]
        self.account_uuid = self.account_uuids[0]
        self.market = market.market_returns(seed, len(self.calendar))
        self.symphonies = [self._make_symphony(i) for i in range(size)]
        self.by_id = {s.id: s for s in self.symphonies}

    def account_index(self, account_uuid: str) -> int | None:
        return self.account_uuids.index(account_uuid) if account_uuid in self.account_uuids else None

    def symphonies_of(self, account: int) -> list[Symphony]:
        return [s for s in self.symphonies if s.account == account]

    @functools.lru_cache(maxsize=256)  # noqa: B019 (one account lives as long as its server)
    def prices(self, ticker: str) -> np.ndarray:
        """The ticker's closing price on every day of the calendar (one market for everything)."""
        return market.ticker_prices(self.seed, ticker, self.market)

    def price_on(self, ticker: str, day_index: int) -> float:
        """The close in cents, never below one cent (a long random walk can sink a price to
        nothing; a quoted price never is)."""
        return max(0.01, round(float(self.prices(ticker)[day_index]), 2))

    def _make_symphony(self, index: int) -> Symphony:
        name, style_key, live_days, special = TEMPLATES[index % len(TEMPLATES)]
        if index >= len(TEMPLATES):
            name = f"{name} #{index // len(TEMPLATES) + 1}"
        rng = np.random.default_rng([self.seed, 4, index])
        n = self.reference_days
        live_days = min(live_days + int(rng.integers(0, 30)), n - 30) if special != "new" else live_days
        start = n - live_days
        reference_end = n - 1 - int(rng.integers(80, 120)) if special == "liquidated" else n - 1
        end = reference_end if special == "liquidated" else len(self.calendar) - 1
        initial = float(rng.choice([1_000, 2_500, 5_000, 10_000, 25_000]))
        flows: list[tuple[int, float]] = []
        if special == "deposits":
            flows = [(i, 500.0) for i in range(start + 21, reference_end, 21)]
            flows += [(start + (reference_end - start) // 2, -0.3 * initial), (reference_end - 15, -250.0)]
        edits: list[dt.date] = []
        if special == "edited":
            edits = [self.calendar[start + (reference_end - start) * k // 3] for k in (1, 2)]
        created = self.calendar[max(0, start - int(rng.integers(5, 60)))]
        return Symphony(
            index=index,
            id=_symphony_id(self.seed, index),
            name=name,
            style=STYLES[style_key],
            created=created,
            live_start_index=start,
            live_end_index=end,
            initial_deposit=initial,
            cash_flows=tuple(sorted(flows)),
            edits=tuple(edits),
            liquidated=special == "liquidated",
            account=1 if len(self.account_uuids) > 1 and index % 5 == 4 else 0,
        )

    @functools.lru_cache(maxsize=4096)  # noqa: B019 (one account lives as long as its server)
    def strategy_returns(self, index: int) -> np.ndarray:
        sym = self.symphonies[index]
        return market.strategy_returns(self.seed, index, sym.style, self.market)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 (one account lives as long as its server)
    def live_values(self, index: int) -> tuple[list[dt.date], np.ndarray, np.ndarray]:
        """(dates, dollar value, deposit-adjusted value) over the live period."""
        sym = self.symphonies[index]
        lo, hi = sym.live_start_index, sym.live_end_index
        returns = self.strategy_returns(index)[lo : hi + 1] + market.tracking_noise(self.seed, index, hi - lo + 1)
        returns[0] = 0.0
        growth = np.cumprod(1.0 + returns)
        adjusted = sym.initial_deposit * growth
        flows = np.zeros(hi - lo + 1)
        for day, amount in sym.cash_flows:
            flows[day - lo] += amount
        value = np.empty_like(adjusted)
        value[0] = sym.initial_deposit
        for t in range(1, value.size):
            value[t] = value[t - 1] * (1.0 + returns[t]) + flows[t]
        return self.calendar[lo : hi + 1], np.round(value, 2), np.round(adjusted, 2)

    def net_deposits(self, index: int) -> float:
        sym = self.symphonies[index]
        return sym.initial_deposit + sum(amount for _, amount in sym.cash_flows)

    REBALANCE_EVERY = 10  # trading days between a symphony's rebalances

    @functools.lru_cache(maxsize=4096)  # noqa: B019 (one account lives as long as its server)
    def allocations(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """(calendar indexes of the symphony's rebalance days, its target weights from each on:
        one row per rebalance, one column per ticker, some tickers out at zero)."""
        sym = self.symphonies[index]
        days = np.arange(sym.live_start_index % self.REBALANCE_EVERY, len(self.calendar), self.REBALANCE_EVERY)
        rng = np.random.default_rng([self.seed, 5, index])
        n = len(sym.style.tickers)
        weights = np.round(rng.dirichlet(np.ones(n), size=days.size), 3)
        weights[rng.random((days.size, n)) < 0.3] = 0.0
        empty = weights.sum(axis=1) == 0
        weights[empty, 0] = 1.0
        weights = np.round(weights / weights.sum(axis=1, keepdims=True), 3)
        return days, weights

    def weights_over(self, index: int, day_indexes: np.ndarray) -> np.ndarray:
        """Target weights in force on each of the days (one row per day, one column per ticker)."""
        days, weights = self.allocations(index)
        return weights[np.maximum(np.searchsorted(days, day_indexes, side="right") - 1, 0)]

    def weights_on(self, index: int, day_index: int) -> np.ndarray:
        return self.weights_over(index, np.array([day_index]))[0]

    # Payloads, one per endpoint -------------------------------------------------------------

    def accounts_payload(self) -> dict:
        accounts = []
        for n, account_uuid in enumerate(self.account_uuids):
            members = self.symphonies_of(n)
            first = self.calendar[min(s.live_start_index for s in members)] if members else self.as_of
            classes = ["EQUITIES", "CRYPTO"] if n == 0 else ["EQUITIES"]
            accounts.append(
                {
                    "account_uuid": account_uuid,
                    "account_foreign_id": None,
                    "account_type": ACCOUNT_TYPES[n],
                    "asset_classes": classes,
                    "direct_tradable_asset_classes": {"buy": classes, "sell": classes},
                    "symphony_tradable_asset_classes": classes,
                    "account_number": f"5UX{abs(hash((self.seed, n))) % 10**6:06d}",
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

    def live_payload(self, symphony_id: str) -> dict:
        dates, value, adjusted = self.live_values(self.by_id[symphony_id].index)
        return {
            "epoch_ms": [market.epoch_ms(d) for d in dates],
            "series": value.tolist(),
            "deposit_adjusted_series": adjusted.tolist(),
        }

    def symbol(self, sym: Symphony, ticker: str) -> str:
        """How Composer names a holding: crypto as CRYPTO::BTC//USD, equities by their ticker."""
        return f"CRYPTO::{ticker}//USD" if sym.style.asset_class == "CRYPTO" else ticker

    def holdings_of(self, index: int) -> list[dict]:
        """What the symphony holds at its last day, at that day's prices (nothing once liquidated)."""
        sym = self.symphonies[index]
        if sym.liquidated:
            return []
        last = sym.live_end_index
        total = float(self.live_values(index)[1][-1])
        holdings = []
        for ticker, weight in zip(sym.style.tickers, self.weights_on(index, last)):
            if weight <= 0:
                continue
            price = self.price_on(ticker, last)
            value = total * float(weight)
            change = float(self.prices(ticker)[last] / self.prices(ticker)[last - 1] - 1) if last else 0.0
            holdings.append(
                {
                    "ticker": self.symbol(sym, ticker),
                    "allocation": round(float(weight), 9),
                    "price": price,
                    "amount": round(value / price, 5),
                    "value": round(value, 7),
                    "last_percent_change": round(change, 9),
                }
            )
        return holdings

    def stats_meta_entry(self, sym: Symphony) -> dict:
        dates, value, adjusted = self.live_values(sym.index)
        stats = composer_stats(adjusted, first_value=float(adjusted[0]))
        too_new = len(dates) < 15
        current = 0.0 if sym.liquidated else float(value[-1])
        net = self.net_deposits(sym.index)
        last_change = float(value[-1] - value[-2]) if len(value) > 1 else 0.0
        entry = {
            "id": sym.id,
            "position_id": str(uuid.UUID(bytes=np.random.default_rng([self.seed, 12, sym.index]).bytes(16), version=4)),
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
            "holdings": self.holdings_of(sym.index),
            "tickers": [{"symbol": f"{sym.style.asset_class}::{t}//USD", "name": t} for t in sym.style.tickers],
            "tags": [],
            "is_shared": False,
            "community_review_status": None,
            "as_of": str(dates[-1]),
            "last_rebalance_on": f"{dates[-1]}T20:00:00Z",
            "last_rebalance_attempted_on": f"{dates[-1]}T20:00:00Z",
            "next_rebalance_on": None if sym.liquidated else str(self.as_of + dt.timedelta(days=1)),
            "may_rebalance_today": False,
            "skip_rebalance_today": False,
        }
        # the spec types these as numbers and does not mark them required: a symphony too new to
        # measure leaves them out (the captured responses' "NaN" strings are not spec-valid JSON)
        if not too_new:
            entry["annualized_rate_of_return"] = round(stats["annualized_rate_of_return"], 4)
            entry["sharpe_ratio"] = round(stats["sharpe_ratio"], 4)
        return entry

    def stats_meta_payload(self, account: int = 0) -> dict:
        return {"symphonies": [self.stats_meta_entry(s) for s in self.symphonies_of(account)]}

    def account_values(self, account: int) -> tuple[list[dt.date], np.ndarray, np.ndarray]:
        """(days, the account's dollar value, its PnL that day) from its symphonies. A liquidated
        symphony's last value stays in the account as cash, as it does at the broker."""
        days = self.calendar[min((s.live_start_index for s in self.symphonies_of(account)), default=len(self.calendar)) :]
        first = len(self.calendar) - len(days)
        value, pnl = np.zeros(len(days)), np.zeros(len(days))
        for sym in self.symphonies_of(account):
            _, v, _ = self.live_values(sym.index)
            lo, hi = sym.live_start_index - first, sym.live_end_index - first
            flows = np.zeros(v.size)
            for day_index, amount in sym.cash_flows:
                flows[day_index - sym.live_start_index] += amount
            value[lo : hi + 1] += v
            pnl[lo + 1 : hi + 1] += np.diff(v) - flows[1:]
            value[hi + 1 :] += v[-1] if sym.liquidated else 0.0
        return days, value, pnl

    def liquidated_cash(self, account: int) -> float:
        return sum(float(self.live_values(s.index)[1][-1]) for s in self.symphonies_of(account) if s.liquidated)

    def portfolio_history_payload(self, account: int = 0) -> dict:
        days, value, _ = self.account_values(account)
        return {"epoch_ms": [market.epoch_ms(d) for d in days], "series": [round(float(v), 2) for v in value]}

    def total_stats_payload(self, account: int = 0) -> dict:
        entries = [self.stats_meta_entry(s) for s in self.symphonies_of(account)]
        cash = self.liquidated_cash(account)
        value = sum(e["value"] for e in entries) + cash
        net = sum(e["net_deposits"] for e in entries)
        change = sum(e["last_dollar_change"] for e in entries if e["value"])
        _, history, pnl = self.account_values(account)
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

    def versions_payload(self, symphony_id: str) -> list[dict]:
        sym = self.by_id[symphony_id]
        created = [sym.created, *sym.edits]
        versions = [
            {"version_id": f"{sym.id}-v{n + 1}", "created_at": f"{day}T13:{10 + n:02d}:00.000Z"} for n, day in enumerate(created)
        ]
        return list(reversed(versions))

    def backtest_payload(self, symphony_id: str, start: dt.date | None, end: dt.date | None, benchmarks: list[str]) -> dict:
        from sandbox.backtest import backtest_payload

        return backtest_payload(self, self.by_id[symphony_id], start, end, benchmarks)
