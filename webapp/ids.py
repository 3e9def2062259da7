"""Every fixed component id of the dashboard, named once: layouts, callbacks and tests use these
names, so a renamed id cannot leave a callback listening to nothing. Ids built from data have a
function here too."""

from __future__ import annotations

# the alerts page
ALERTS_EVALUATED = "alerts-evaluated"
ALERTS_NONE = "alerts-none"
ALERTS_RULES = "alerts-rules"

# the compare page
COMPARE_ALERT = "compare-alert"
COMPARE_CORRELATIONS = "compare-correlations"
COMPARE_DRAWDOWNS = "compare-drawdowns"
COMPARE_EQUITY = "compare-equity"
COMPARE_METRICS = "compare-metrics"
COMPARE_PICKED = "compare-picked"
COMPARE_SHORT_NOTE = "compare-short-note"
COMPARE_TABLE = "compare-table"
COMPARE_URL = "compare-url"
COMPARE_WINDOW = "compare-window"

# the shell: the navbar
NAV_ALERTS = "nav-alerts"
NAV_ALERTS_COUNT = "nav-alerts-count"
NAVBAR_COLLAPSE = "navbar-collapse"
NAVBAR_TOGGLER = "navbar-toggler"

# the overview page: today, live (the intraday readings)
LIVE_CHART = "live-chart"
LIVE_ERROR = "live-error"
LIVE_HEADLINE = "live-headline"
LIVE_PANEL = "live-panel"
LIVE_POLL = "live-poll"
LIVE_TICK = "live-tick"

# the overview page
OVERVIEW_ACCOUNT = "overview-account"
OVERVIEW_ALERT = "overview-alert"
OVERVIEW_AUTOMATIC = "overview-automatic"
OVERVIEW_COMPARE = "overview-compare"
OVERVIEW_CSV = "overview-csv"
OVERVIEW_DOWNLOAD = "overview-download"
OVERVIEW_GRID = "overview-grid"
OVERVIEW_GRID_NOTE = "overview-grid-note"
OVERVIEW_KPIS = "overview-kpis"
OVERVIEW_PNL = "overview-pnl"
OVERVIEW_REQUESTED = "overview-requested"
OVERVIEW_STRATEGY_LINK = "overview-strategy-link"
OVERVIEW_SYMPHONY = "overview-symphony"
OVERVIEW_URL = "overview-url"

# every page: the Report it shows, as report.query() (webapp/report.py)
REPORT = "report"

# the portfolio page
PORTFOLIO_ACCOUNT_RETURNS = "portfolio-account-returns"
PORTFOLIO_ACTIVITY = "portfolio-activity"
PORTFOLIO_ACTIVITY_CSV = "portfolio-activity-csv"
PORTFOLIO_ACTIVITY_DOWNLOAD = "portfolio-activity-download"
PORTFOLIO_ALLOCATION = "portfolio-allocation"
PORTFOLIO_CONTRIBUTIONS = "portfolio-contributions"

# the report control (range_bar.py)
RANGE_ACCOUNT = "range-account"
RANGE_ALERT = "range-alert"
RANGE_BAR = "range-bar"
RANGE_DATES = "range-dates"
RANGE_LABEL = "range-label"
RANGE_PRESET = "range-preset"
RANGE_RESOLVED = "range-resolved"
RANGE_URL = "range-url"

# the shell: the snapshot served
SNAPSHOT_BADGE = "snapshot-badge"
SNAPSHOT_DEGRADED = "snapshot-degraded"
SNAPSHOT_ERROR = "snapshot-error"
SNAPSHOT_NOTICE = "snapshot-notice"
SNAPSHOT_POLL = "snapshot-poll"
SNAPSHOT_QUARANTINED = "snapshot-quarantined"
SNAPSHOT_RUN = "snapshot-run"

# the strategy page
STRATEGY_DRAWDOWNS = "strategy-drawdowns"
STRATEGY_EQUITY = "strategy-equity"
STRATEGY_HOLDINGS = "strategy-holdings"
STRATEGY_HOLDINGS_CSV = "strategy-holdings-csv"
STRATEGY_HOLDINGS_DOWNLOAD = "strategy-holdings-download"
STRATEGY_HOLDINGS_NOTE = "strategy-holdings-note"
STRATEGY_ID = "strategy-id"
STRATEGY_LOG = "strategy-log"
STRATEGY_NO_DATA = "strategy-no-data"
STRATEGY_OTHER_ACCOUNT = "strategy-other-account"
STRATEGY_SET_ASIDE = "strategy-set-aside"
STRATEGY_SINCE_EDIT = "strategy-since-edit"
STRATEGY_SKILL = "strategy-skill"
STRATEGY_STATUS = "strategy-status"
STRATEGY_UNKNOWN = "strategy-unknown"
STRATEGY_URL = "strategy-url"
STRATEGY_YEARLY = "strategy-yearly"
STRATEGY_TRADES = "strategy-trades"
PORTFOLIO_UNEXPLAINED = "portfolio-unexplained-fills"
STRATEGY_TRADES_CSV = "strategy-trades-csv"
STRATEGY_TRADES_DOWNLOAD = "strategy-trades-download"
STRATEGY_TRADES_NOTE = "strategy-trades-note"
STRATEGY_ALLOCATION = "strategy-allocation"
STRATEGY_TURNOVER = "strategy-turnover"
STRATEGY_PREVIEW = "strategy-preview"

# the shell: the theme
THEME_DARK = "theme-dark"
THEME_STORE = "theme-store"

# the portfolio's what-if
WHAT_IF_APPLY = "what-if-apply"
WHAT_IF_CARDS = "what-if-cards"
WHAT_IF_EQUITY = "what-if-equity"
WHAT_IF_METRICS = "what-if-metrics"
WHAT_IF_REFUSED = "what-if-refused"
WHAT_IF_WINDOW = "what-if-window"

PAGES_LOCATION = "_pages_location"  # Dash Pages' own Location: its search is the page's query


def nav_link(module: str) -> str:
    """The navbar link of a page module ('pages.compare' → 'nav-compare')."""
    return "nav-" + module.rsplit(".", 1)[-1]


def compare_row(field: str) -> str:
    """A row of the compare page's table."""
    return f"compare-row-{field}"


def alert_rule(file_name: str) -> str:
    """A rule's section on the alerts page ('10_drawdown.sql' → 'alerts-rule-10_drawdown')."""
    return f"alerts-rule-{file_name.split('.')[0]}"
