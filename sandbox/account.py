"""The synthetic Composer account: symphonies, their live and backtest series (payloads.py turns
them into Composer's response bodies).

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
from sandbox.catalog import STYLES, TEMPLATES
from sandbox.market import Style
from sandbox.positions import holdings_on

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
    MAX_REBALANCES = 400  # drawn at once, so a later as_of never changes an earlier allocation

    @functools.lru_cache(maxsize=4096)  # noqa: B019 (one account lives as long as its server)
    def allocations(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """(calendar indexes of the symphony's rebalance days, its target weights from each on:
        one row per rebalance, one column per ticker, some tickers out at zero). The days run to
        the session after as_of (index len(calendar)), the one a dry run previews."""
        sym = self.symphonies[index]
        days = np.arange(sym.live_start_index % self.REBALANCE_EVERY, len(self.calendar) + 1, self.REBALANCE_EVERY)
        if days.size > self.MAX_REBALANCES:
            raise ValueError(f"the sandbox draws {self.MAX_REBALANCES} rebalances a symphony; as_of {self.as_of} needs more")
        rng = np.random.default_rng([self.seed, 5, index])
        n = len(sym.style.tickers)
        weights = np.round(rng.dirichlet(np.ones(n), size=self.MAX_REBALANCES), 3)
        weights[rng.random((self.MAX_REBALANCES, n)) < 0.3] = 0.0
        weights = weights[: days.size]
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

    def symbol(self, sym: Symphony, ticker: str) -> str:
        """How Composer names a holding: crypto as CRYPTO::BTC//USD, equities by their ticker."""
        return f"CRYPTO::{ticker}//USD" if sym.style.asset_class == "CRYPTO" else ticker

    def holdings_of(self, index: int) -> list[dict]:
        """What the symphony holds at its last day, at that day's prices (nothing once liquidated)."""
        sym = self.symphonies[index]
        return holdings_on(self, index, sym.live_end_index)

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
