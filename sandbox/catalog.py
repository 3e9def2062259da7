"""The synthetic account's cast: investing styles (return, volatility, market beta, trend) and
the symphony templates the account is built from, each with what is special about it."""

from __future__ import annotations

from sandbox.market import Style

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
