"""Skill or luck: the probabilistic and deflated Sharpe ratios, the minimum track record, the
Sharpe ratio's interval and the Newey-West test of live against backtest, from the views, against
independent implementations of the papers' formulas with scipy (and statsmodels for Newey-West),
on random series with skew and fat tails; and the edge cases give NULL with the reason."""

from __future__ import annotations

import pathlib

import duckdb
import numpy as np
import pandas as pd
import pytest
import quantstats as qs
import statsmodels.api as sm
from scipy import stats

from sql.duck import SQL_DIR
from tests.helpers.metric_lake import business_days, query, values_from_returns, write_lake
from tests.helpers.references import EULER

DAYS = business_days(1300)


def close(ours: float, theirs: float) -> bool:
    return ours == pytest.approx(theirs, rel=1e-9, abs=1e-12)


def series(kind: str, n: int, seed: int) -> np.ndarray:
    """Daily returns with skew (skew-normal) or fat tails (Student t, 3 degrees of freedom)."""
    rng = np.random.default_rng(seed)
    if kind == "skewed":
        return (stats.skewnorm.rvs(-5, size=n, random_state=rng) - stats.skewnorm.mean(-5)) * 0.012 + 0.0012  # long left tail
    return stats.t.rvs(3, size=n, random_state=rng) * 0.008 + 0.0004


def moments(r: np.ndarray) -> tuple[float, float, float]:
    """The per-period Sharpe ratio, population skewness and raw population kurtosis."""
    return r.mean() / r.std(ddof=1), stats.skew(r, bias=True), stats.kurtosis(r, fisher=False, bias=True)


def psr(r: np.ndarray, benchmark: float = 0.0) -> float:
    sr, g3, g4 = moments(r)
    return stats.norm.cdf((sr - benchmark) * np.sqrt(len(r) - 1) / np.sqrt(1 - g3 * sr + (g4 - 1) / 4 * sr**2))


def min_track_record(r: np.ndarray, confidence: float = 0.95, benchmark: float = 0.0) -> float:
    sr, g3, g4 = moments(r)
    return 1 + (1 - g3 * sr + (g4 - 1) / 4 * sr**2) * (stats.norm.ppf(confidence) / (sr - benchmark)) ** 2


def expected_max_sharpe(trials: int, variance: float) -> float:
    if trials == 1:
        return 0.0
    return np.sqrt(variance) * ((1 - EULER) * stats.norm.ppf(1 - 1 / trials) + EULER * stats.norm.ppf(1 - 1 / (trials * np.e)))


def lake_with(tmp_path: pathlib.Path, returns: dict[str, np.ndarray], **extra) -> pathlib.Path:
    write_lake(
        tmp_path,
        {
            sid: {"dates": DAYS[: len(r) + 1], "adjusted": values_from_returns(r), **extra.get(sid, {})}
            for sid, r in returns.items()
        },
    )
    return tmp_path


CASES = [("skewed", 250, 1), ("skewed", 1000, 2), ("fat", 120, 3), ("fat", 900, 4), ("fat", 60, 5)]


def test_the_normal_distribution_macros_match_scipy():
    con = duckdb.connect()
    con.execute((SQL_DIR / "macros" / "normal_distribution.sql").read_text())  # standalone, without the lake
    xs = np.concatenate([np.linspace(-8.4, 8.4, 169), [0.0, 1e-12, -1.959963984540054]])
    got = np.array(con.execute("select normal_cdf(x) from unnest(?::double[]) as t(x)", [xs.tolist()]).fetchall())[:, 0]
    assert np.max(np.abs(got - stats.norm.cdf(xs))) < 1e-15
    ps = np.array([1e-6, 0.001, 0.025, 0.05, 0.3, 0.5, 0.8, 0.95, 0.975, 0.999, 1 - 1e-6])
    got = np.array(con.execute("select normal_quantile(p) from unnest(?::double[]) as t(p)", [ps.tolist()]).fetchall())[:, 0]
    assert np.max(np.abs(got - stats.norm.ppf(ps))) < 1e-9
    assert con.execute("select normal_quantile(0), normal_quantile(1), normal_quantile(1.5)").fetchone() == (
        -np.inf,
        np.inf,
        None,
    )


@pytest.mark.parametrize(("kind", "n", "seed"), CASES)
def test_psr_interval_and_min_track_record_match_the_papers_formulas(tmp_path, kind, n, seed):
    r = series(kind, n, seed)
    row = query(lake_with(tmp_path, {"s": r}), "select * from symphony_metrics")[0]
    sr, g3, g4 = moments(r)
    assert close(row["sharpe_per_period"], sr) and close(row["skewness"], g3) and close(row["kurtosis"], g4)
    assert close(row["psr"], psr(r))
    error = np.sqrt((1 - g3 * sr + (g4 - 1) / 4 * sr**2) / (n - 1)) * np.sqrt(252)
    z = stats.norm.ppf(0.975)
    assert close(row["sharpe_ci_low"], sr * np.sqrt(252) - z * error) and close(
        row["sharpe_ci_high"], sr * np.sqrt(252) + z * error
    )
    assert close(row["min_track_record_days"], min_track_record(r)) if sr > 0 else row["min_track_record_days"] is None
    assert abs(g3) > 0.1 or g4 > 3.5  # the series are not normal: the corrections matter


def test_psr_against_a_benchmark_sharpe_and_another_confidence(tmp_path):
    r = series("skewed", 700, 11)
    lake = lake_with(tmp_path, {"s": r})
    benchmark = moments(r)[0] / 2  # per period, under the series' own
    (row,) = query(
        lake,
        "select psr, min_track_record_days from symphony_metrics",
        variables={"psr_benchmark_sharpe": benchmark, "psr_confidence": 0.99},
    )
    assert close(row["psr"], psr(r, benchmark)) and close(row["min_track_record_days"], min_track_record(r, 0.99, benchmark))
    (above,) = query(lake, "select psr, min_track_record_days from symphony_metrics", variables={"psr_benchmark_sharpe": 1.0})
    assert close(above["psr"], psr(r, 1.0)) and above["min_track_record_days"] is None  # no track record is enough


def test_deflated_sharpe_uses_the_symphonies_ranked_and_the_saved_versions_as_trials(tmp_path):
    returns = {f"s{i}": series("fat" if i % 2 else "skewed", 400 + 50 * i, 20 + i) for i in range(6)}
    lake = lake_with(tmp_path, returns)
    rows = {r["symphony_id"]: r for r in query(lake, "select * from symphony_metrics")}
    srs = np.array([moments(r)[0] for r in returns.values()])
    bar = expected_max_sharpe(len(srs), srs.var(ddof=1))
    for sid, r in returns.items():
        sr, g3, g4 = moments(r)
        expected = stats.norm.cdf((sr - bar) * np.sqrt(len(r) - 1) / np.sqrt(1 - g3 * sr + (g4 - 1) / 4 * sr**2))
        assert rows[sid]["trials"] == 6 and close(rows[sid]["deflated_sharpe"], expected)
        assert rows[sid]["versions"] == 1 and close(rows[sid]["deflated_sharpe_versions"], psr(r))  # one trial: nothing selected
    assert all(rows[s]["deflated_sharpe"] <= rows[s]["psr"] for s in returns) and bar > 0


def test_the_deflated_sharpe_papers_worked_example_is_reproduced():
    """Bailey & López de Prado (2014), "The Deflated Sharpe Ratio", numerical example: an annualized
    Sharpe of 2.5 over T = 1,250 daily returns (250 a year) with skewness -3 and kurtosis 10, chosen
    among N = 100 trials whose Sharpe ratios have an annualized variance of 1/2. The paper prints the
    expected maximum per-period Sharpe SR0 = 0.1132 and DSR = 0.9004, so the strategy is significant
    at 90% but not at 95%. The macros take per-period figures, as the paper does."""
    sr0, dsr = (
        macros()
        .execute("select expected_max_sharpe(100, 0.5 / 250), deflated_sharpe(2.5 / sqrt(250), 1250, -3, 10, 100, 0.5 / 250)")
        .fetchone()
    )
    assert round(sr0, 4) == 0.1132 and round(dsr, 4) == 0.9004


def macros() -> duckdb.DuckDBPyConnection:
    """The normal distribution and skill-or-luck macros alone, without a lake."""
    con = duckdb.connect()
    for family in ("normal_distribution", "sharpe_statistics"):
        con.execute((SQL_DIR / "macros" / f"{family}.sql").read_text())
    return con


def test_performanceanalytics_printed_example_is_reproduced():
    """R PerformanceAnalytics' own example of the 2012 paper's statistics (ProbSharpeRatio's help page:
    refSR = 1/12^0.5, sr = 2/12^0.5, sk = -0.72, n = 59 monthly returns, kurtosis ignored, i.e. 3)
    prints PSR 0.9597 and the interval 0.3057 .. 0.849 (its p = 0.95 bounds are one-sided, so ours at
    psr_confidence 0.90)."""
    con = macros()
    sr, ref = 2 / 12**0.5, 1 / 12**0.5
    got, se = con.execute(
        "select probabilistic_sharpe($sr, $ref, 59, -0.72, 3), sharpe_standard_error($sr, 59, -0.72, 3)", {"sr": sr, "ref": ref}
    ).fetchone()
    z = con.execute("select normal_quantile((1 + 0.90) / 2)").fetchone()[0]
    assert round(got, 4) == 0.9597
    assert (round(sr - z * se, 4), round(sr + z * se, 3)) == (0.3057, 0.849)


@pytest.mark.parametrize(("kind", "seed"), [("skewed", 41), ("fat", 42)])
def test_psr_matches_quantstats_given_its_moments(kind, seed):
    """quantstats 0.0.86 implements the same PSR formula with pandas' sample skewness and excess
    kurtosis; given those moments (raw kurtosis = excess + 3), the macro gives its figure."""
    returns = pd.Series(series(kind, 700, seed), index=pd.bdate_range("2022-01-03", periods=700))
    sharpe = qs.stats.sharpe(returns, annualize=False)
    ours = (
        macros()
        .execute(
            "select probabilistic_sharpe($sr, 0, $n, $skew, $kurt)",
            {"sr": sharpe, "n": len(returns), "skew": qs.stats.skew(returns), "kurt": qs.stats.kurtosis(returns) + 3},
        )
        .fetchone()[0]
    )
    assert close(ours, qs.stats.probabilistic_sharpe_ratio(returns))


def test_too_few_returns_or_no_variance_give_null_with_the_reason(tmp_path):
    lake = lake_with(tmp_path, {"two": np.array([0.01, -0.02]), "flat": np.zeros(50), "up": np.abs(series("fat", 200, 9)) + 1e-4})
    rows = {r["symphony_id"]: r for r in query(lake, "select * from symphony_metrics")}
    assert rows["two"]["psr"] is None and rows["two"]["statistics_note"] == "fewer than 3 returns"
    assert (
        rows["flat"]["psr"] is None
        and rows["flat"]["statistics_note"] == "the returns are constant (no variance to measure risk by)"
    )
    assert rows["flat"]["min_track_record_days"] is None and rows["flat"]["sharpe_ci_low"] is None
    assert close(rows["up"]["psr"], psr(np.abs(series("fat", 200, 9)) + 1e-4)) and rows["up"]["statistics_note"] is None


def newey_west_t(gap: np.ndarray, lags: int) -> float:
    t = len(gap)
    d = gap - gap.mean()
    autocov = [d[lag:] @ d[: t - lag] / t for lag in range(lags + 1)]
    variance = autocov[0] + 2 * sum((1 - lag / (lags + 1)) * autocov[lag] for lag in range(1, lags + 1))
    return gap.mean() / np.sqrt(variance / t)


@pytest.mark.parametrize(("n", "seed", "drift"), [(300, 31, 0.0), (800, 32, -0.0004), (150, 33, 0.0002)])
def test_live_against_backtest_newey_west_matches_the_formula_and_statsmodels(tmp_path, n, seed, drift):
    rng = np.random.default_rng(seed)
    backtest = series("fat", n, seed)
    noise = np.convolve(rng.standard_t(4, n + 2) * 0.002, [0.5, 0.3, 0.2], mode="valid")  # autocorrelated gap
    live = backtest + noise + drift
    lake = lake_with(tmp_path, {"s": live}, s={"backtest": (DAYS[: n + 1], values_from_returns(backtest))})
    (row,) = query(lake, "select * from backtest_drift")
    gap = live - backtest
    lags = int(np.floor(4 * (n / 100) ** (2 / 9)))
    assert row["days"] == n and row["hac_lags"] == lags and close(row["mean_gap"], gap.mean())
    assert close(row["annual_gap"], gap.mean() * 252)
    assert close(row["growth_gap"], np.prod(1 + live) / np.prod(1 + backtest) - 1)
    assert close(row["hac_t_stat"], newey_west_t(gap, lags))
    fit = sm.OLS(gap, np.ones(n)).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": False})
    assert close(row["hac_t_stat"], fit.tvalues[0])
    assert close(row["tracking_error"], gap.std(ddof=1) * np.sqrt(252)) and close(
        row["correlation"], np.corrcoef(live, backtest)[0, 1]
    )
    significant = abs(row["hac_t_stat"]) > stats.norm.ppf(0.975)
    assert row["verdict"] == ("drifting, significant at 95%" if significant else "tracking")


def test_a_backtest_shorter_than_live_is_compared_on_the_common_days_only(tmp_path):
    live = series("fat", 400, 41)
    backtest_days = DAYS[200:401]
    backtest = values_from_returns(live[200:] - 0.0003)  # its returns fall on the live days 201..400
    lake = lake_with(tmp_path, {"s": live}, s={"backtest": (backtest_days, backtest)})
    (row,) = query(lake, "select * from backtest_drift")
    assert row["days"] == 200 and close(row["mean_gap"], 0.0003)
    short = lake_with(tmp_path / "short", {"s": live}, s={"backtest": (DAYS[390:396], values_from_returns(live[390:395]))})
    (row,) = query(short, "select * from backtest_drift")
    assert row["verdict"] is None and row["note"] == "fewer than 10 days with a live and a backtest return"


def test_a_symphony_rising_exactly_a_tenth_of_a_percent_a_day_has_no_sharpe_sortino_psr_or_track_record(tmp_path):
    """Composer reports dollars to the cent, so 0.1% a day on $10,000 wobbles by about 3e-7 a day:
    a ratio to that noise (a Sharpe ratio of 57,668, PSR 1.0) measures nothing. The same series
    with a real spread keeps every figure."""
    steady = np.round(values_from_returns(np.full(300, 0.001), 10_000.0), 2)
    noisy = values_from_returns(0.001 + np.random.default_rng(3).normal(0, 0.002, 300), 10_000.0)
    write_lake(tmp_path, {"steady": {"dates": DAYS[:301], "adjusted": steady}, "noisy": {"dates": DAYS[:301], "adjusted": noisy}})
    rows = {r["symphony_id"]: r for r in query(tmp_path, "select * from symphony_metrics")}
    undefined = ("sharpe", "sortino", "psr", "min_track_record_days", "sharpe_ci_low", "sharpe_ci_high", "deflated_sharpe")
    assert all(rows["steady"][k] is None for k in undefined), {k: rows["steady"][k] for k in undefined}
    assert rows["steady"]["statistics_note"] == "the returns are constant (no variance to measure risk by)"
    assert rows["steady"]["total_return"] == pytest.approx(steady[-1] / steady[0] - 1, rel=1e-12)
    assert all(rows["noisy"][k] is not None for k in ("sharpe", "sortino", "psr", "sharpe_ci_low"))
    rolling = query(tmp_path, "select symphony_id, sharpe from rolling_metrics where volatility is not null")
    assert {r["symphony_id"] for r in rolling if r["sharpe"] is not None} == {"noisy"}
    alone = tmp_path / "alone"
    write_lake(alone, {"steady": {"dates": DAYS[:301], "adjusted": steady}})
    (account,) = query(alone, "select sharpe, sortino, psr from portfolio_metrics")
    assert account == {"sharpe": None, "sortino": None, "psr": None}
