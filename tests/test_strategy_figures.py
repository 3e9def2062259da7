"""The strategy page's growth chart: the backtest's pre-live cone is exp(mean * k +- z * sd * sqrt(k))
around live growth's first value, and it is left out when the backtest says too little."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from webapp import strategy_figures


def equity(days: int) -> pd.DataFrame:
    dates = pd.bdate_range("2025-01-02", periods=days)
    return pd.DataFrame({"series": "Live", "date": dates, "wealth": np.linspace(1.0, 1.2, days)})


def test_the_cone_spreads_like_the_backtest_before_live():
    frame = equity(100)
    cone = {"days": 500, "mean_log_return": 0.0005, "sd_log_return": 0.01}
    fig = strategy_figures.equity_figure(frame, [], pd.DataFrame(), False, cone=cone)
    bands = {t.name: t for t in fig.data if t.name and t.name.startswith("Backtest before live")}
    assert set(bands) == {"Backtest before live, 68% range", "Backtest before live, 95% range"}
    k = np.arange(100)
    inner_lower = bands["Backtest before live, 68% range"].y
    assert inner_lower == pytest.approx(np.exp(0.0005 * k - 0.01 * np.sqrt(k)), rel=1e-12)
    uppers = [t.y for t in fig.data if t.name is None and t.showlegend is False]
    assert uppers[0] == pytest.approx(np.exp(0.0005 * k + 2 * 0.01 * np.sqrt(k)), rel=1e-12)


@pytest.mark.parametrize("cone", [{}, {"days": 5, "mean_log_return": 0.001, "sd_log_return": 0.02}])
def test_no_cone_without_enough_backtest_before_live(cone):
    fig = strategy_figures.equity_figure(equity(50), [], pd.DataFrame(), False, cone=cone)
    assert not [t for t in fig.data if (t.name or "").startswith("Backtest before live")]


def test_the_log_scale_ticks_read_as_numbers_below_one_too():
    """Plotly labels the ticks between powers of ten with bare digits ("5", "2" for 0.5 and 0.2);
    the growth chart's log axis names each tick in full."""
    frame = pd.DataFrame({"series": "Live", "date": pd.bdate_range("2025-01-02", periods=3), "wealth": [0.3, 1.0, 8.0]})
    axis = strategy_figures.equity_figure(frame, [], pd.DataFrame(), True).layout.yaxis
    assert axis.type == "log"
    assert list(axis.tickvals) == pytest.approx([0.2, 0.5, 1, 2, 5, 10])
    assert list(axis.ticktext) == ["0.2", "0.5", "1", "2", "5", "10"]
    narrow = strategy_figures.log_axis(pd.Series([0.9, 1.4]))
    assert narrow == {"type": "log"}  # under a factor of 3 plotly's own ticks are whole numbers


def test_every_chart_of_the_strategy_page_puts_its_legend_under_the_plot():
    frame = equity(30)
    rolling = pd.DataFrame(
        {"date": list(frame["date"]) * 3, "window_days": [63] * 30 + [126] * 30 + [252] * 30, "sharpe": 1.0, "volatility": 0.2}
    )
    for fig in (strategy_figures.equity_figure(frame, [], pd.DataFrame(), False), strategy_figures.rolling_figure(rolling, [])):
        assert fig.layout.legend.orientation == "h" and fig.layout.legend.yref == "container" and fig.layout.legend.y == 0
        assert fig.layout.xaxis.automargin is True
