"""What the dashboard bench clicks: every main interaction of the pages, as the browser fires it
(`/_dash-update-component` with the page's inputs and states)."""

from __future__ import annotations

from bench.dash_client import Browser, find_ids, period_of

PRESETS = ["?range=1M", "?range=3M", "?range=YTD", "?range=1Y", ""]


def interactions(browser: Browser, ids: list[str]) -> dict[str, list]:
    """Each main interaction as a function of a parameter, and the parameters to run it with."""

    def overview(search: str) -> None:
        period = {"report.data": period_of(search), "overview-requested.data": None}
        browser.page("/", search, [("overview-grid.rowData", period), ("overview-kpis.children", period)])

    def pick(symphony: str) -> None:
        values = {"overview-symphony.value": symphony, "report.data": {"range": "1Y"}, "overview-automatic.data": ids[0]}
        browser.together([("overview-pnl.figure", values), ("overview-strategy-link.href", values)])

    def strategy(symphony: str) -> None:
        values = {"strategy-log.value": False, "strategy-id.data": symphony, "report.data": {"range": "1Y"}}
        browser.page(f"/strategy/{symphony}", "?range=1Y", [("strategy-equity.figure", values)])

    def log_toggle(symphony: str) -> None:
        browser.call(
            "strategy-equity.figure", {"strategy-log.value": True, "strategy-id.data": symphony, "report.data": {"range": "1Y"}}
        )

    def compare(picked: tuple[str, ...]) -> None:
        values = {"compare-picked.value": list(picked), "report.data": {}}
        browser.page("/compare", "?symphonies=" + ",".join(picked), [("compare-equity.figure", values)])

    def compare_pick(picked: tuple[str, ...]) -> None:
        browser.call("compare-equity.figure", {"compare-picked.value": list(picked), "report.data": {"range": "3M"}})

    weights: list[tuple[dict, object]] = []

    def portfolio(search: str) -> None:
        rendered = browser.page("/portfolio", search, [])
        weights[:] = find_ids(rendered, "what-if-weight")
        what_if((0, search))

    def what_if(spec: tuple[int, str]) -> None:
        browser.call("what-if-metrics.children", what_if_values(weights, *spec))

    some = ids[:: max(1, len(ids) // 12)][:12]
    return {
        "overview (page, per period)": [overview, PRESETS],
        "pick a symphony (PnL chart)": [pick, some],
        "strategy (page)": [strategy, some[:6]],
        "log scale toggle": [log_toggle, some[:6]],
        "compare (page)": [compare, [tuple(ids[i : i + 4]) for i in range(0, 40, 10)]],
        "compare: change the picks": [compare_pick, [tuple(ids[i + 50 : i + 53]) for i in range(0, 40, 10)]],
        "portfolio (page)": [portfolio, ["?range=1Y", ""]],
        "what-if weights": [what_if, [(k, "?range=1Y") for k in range(1, 5)]],
    }


def what_if_values(weights: list[tuple[dict, object]], shift: int, search: str) -> dict:
    """The what-if callback's inputs: the first three weights moved by `shift`, the rest as shown."""
    values = [{"id": i, "property": "value", "value": (v or 0) + (shift if n < 3 else 0)} for n, (i, v) in enumerate(weights)]
    id_states = [{"id": i, "property": "id", "value": i} for i, _ in weights]
    pattern = '{"index":["ALL"],"type":"what-if-weight"}'
    return {
        "what-if-apply.n_clicks": shift,
        f"{pattern}.value": values,
        f"{pattern}.id": id_states,
        "report.data": period_of(search),
    }
