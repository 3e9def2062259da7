"""The dashboard's data module: memory tables change no result, a new snapshot is loaded off to
the side while the current one is served, a snapshot that cannot be loaded leaves the current one
in place, and the result cache stays within its bound."""

from __future__ import annotations

import dataclasses
import time
from types import SimpleNamespace

import duckdb
import numpy as np
import pandas as pd
import pytest

from tests.helpers.metric_lake import business_days, symphonies, values_from_returns, write_lake
from tests.helpers.polling import wait_for
from webapp.config import WebConfig
from webapp.report import EVERYTHING, Report, Scope
from webapp.store import LakeData, connection, disk, readers
from webapp.store.cache import cached, cached_output

LEADERBOARD = "webapp.store.readers.leaderboard"  # the cache's name for readers.leaderboard


def lake_data(root, **overrides) -> LakeData:
    config = dataclasses.replace(WebConfig(data_url=str(root)), snapshot_check_seconds=0.0, **overrides)
    return LakeData(config)


@pytest.mark.parametrize("memory_mb", [96, 0])  # a local file under a memory limit; memory, no limit
@pytest.mark.parametrize("period", [Scope(), Scope(pd.Timestamp("2020-06-01").date(), None)])
def test_copied_tables_give_the_same_results_as_reading_the_files(tmp_path, period, memory_mb):
    write_lake(tmp_path, symphonies(4))
    in_memory = lake_data(tmp_path, memory_mb=memory_mb, disk_dir=str(tmp_path / "disk"))
    from_files = lake_data(tmp_path, materialize=False)

    def rows(store: LakeData, sql: str) -> pd.DataFrame:
        frame = store.execute(sql, period)
        return frame.sort_values([c for c in ("symphony_id", "account_id", "date") if c in frame]).reset_index(drop=True)

    for name in ("leaderboard", "trends", "account_kpis", "account_series", "equity"):
        sql = readers.PAGE_SQL[name]
        params = {"symphony_id": "s1"} if name == "equity" else None
        if params:
            pd.testing.assert_frame_equal(in_memory.execute(sql, period, params), from_files.execute(sql, period, params))
        else:
            pd.testing.assert_frame_equal(rows(in_memory, sql), rows(from_files, sql))
    tables = in_memory.execute("select table_name from duckdb_tables() order by table_name")["table_name"].tolist()
    assert "memory_daily_returns" in tables and "memory_symphonies" in tables and "memory_daily_values" not in tables
    assert not from_files.execute("select * from duckdb_tables()").shape[0]
    assert bool(list((tmp_path / "disk").glob("snapshot-*.duckdb"))) == (memory_mb > 0)


def test_a_new_snapshot_is_loaded_in_the_background_while_the_current_one_is_served(tmp_path):
    write_lake(tmp_path, symphonies(3), run_id="20260101T000000Z-a")
    store = lake_data(tmp_path)
    assert store.snapshot().run_id == "20260101T000000Z-a" and len(readers.leaderboard(store)) == 3
    write_lake(tmp_path, symphonies(5), run_id="20260102T000000Z-b")
    assert store.snapshot().run_id == "20260101T000000Z-a"  # the check starts the load and returns at once
    wait_for(lambda: store.snapshot().run_id == "20260102T000000Z-b")
    assert len(readers.leaderboard(store)) == 5
    assert (LEADERBOARD, EVERYTHING) in {k[1:] for k in store.results._values}  # warmed on load


def test_a_snapshot_that_cannot_be_loaded_leaves_the_current_one_served(tmp_path):
    write_lake(tmp_path, symphonies(3), run_id="20260101T000000Z-a")
    store = lake_data(tmp_path)
    store.snapshot()
    (tmp_path / "manifests" / "20260109T000000Z-broken.json").write_text('{"run_id": "20260109T000000Z-broken", "tables": {}}')
    (tmp_path / "manifests" / "latest.json").write_text('{"run_id": "20260109T000000Z-broken"}')
    wait_for(lambda: store.snapshot() and store.notice is not None)  # requests start the checks
    assert "Snapshot 20260109T000000Z-broken could not be loaded" in store.notice and str(tmp_path) not in store.notice
    assert store.snapshot().run_id == "20260101T000000Z-a" and len(readers.leaderboard(store)) == 3
    write_lake(tmp_path, symphonies(4), run_id="20260110T000000Z-c")  # the loader tries again and recovers
    wait_for(lambda: store.snapshot().run_id == "20260110T000000Z-c")
    assert len(readers.leaderboard(store)) == 4 and store.notice is None


def test_the_result_cache_keeps_only_the_most_recent_entries(tmp_path):
    write_lake(tmp_path, symphonies(2))
    store = lake_data(tmp_path, cache_entries=3)
    for i in range(6):
        store.remember(("value", i), lambda i=i: i)
    assert [k[1:] for k in store.results._values] == [("value", 3), ("value", 4), ("value", 5)]
    calls = []
    assert store.remember(("value", 5), lambda: calls.append(1)) == 5 and not calls


def test_cached_keys_a_result_by_its_function_and_every_argument_defaults_included(tmp_path):
    write_lake(tmp_path, symphonies(2))
    store = lake_data(tmp_path)
    calls = []

    @cached
    def measured(lake: LakeData, symphony_id: str, report: Report = EVERYTHING) -> tuple:
        calls.append((symphony_id, report))
        return symphony_id, report

    later = Report.of_days(pd.Timestamp("2020-06-01").date(), None)
    for args in [("s0",), ("s0", EVERYTHING), ("s1",), ("s0", later), ("s0", later), ("s0", Report.from_query({}))]:
        measured(store, *args)
    assert calls == [("s0", EVERYTHING), ("s1", EVERYTHING), ("s0", later)]


def test_a_cached_output_is_built_once_and_sent_as_the_json_of_what_was_built(tmp_path):
    import dash
    import orjson
    import plotly.graph_objects as go
    from dash import dcc, html
    from plotly.io.json import to_json_plotly

    write_lake(tmp_path, symphonies(2))
    store = lake_data(tmp_path)
    calls = []

    def build(symphony_id: str) -> tuple:
        figure = go.Figure(go.Scatter(x=pd.date_range("2024-01-01", periods=3), y=np.array([1.0, 1.5, 0.5])))
        return html.Div([html.H4(f"{symphony_id} </script>"), dcc.Graph(figure=figure)]), {"rows": [1, None]}

    @cached_output
    def page(lake: LakeData, symphony_id: str) -> tuple:
        calls.append(symphony_id)
        return build(symphony_id)

    first, again = page(store, "s0"), page(store, "s0")
    assert calls == ["s0"] and first is again
    sent = dash._utils.to_json({"response": {"page": {"children": first[0]}, "note": {"data": first[1]}}})
    expected = to_json_plotly({"response": {"page": {"children": build("s0")[0]}, "note": {"data": build("s0")[1]}}})
    assert orjson.loads(sent) == orjson.loads(expected)
    assert "</script>" not in sent  # still escaped for an HTML page


def test_stacked_contributions_end_at_the_account_pnl_of_the_period_liquidated_symphonies_included(tmp_path):
    rng = np.random.default_rng(8)
    dates = business_days(200)
    lake = {f"s{i}": {"dates": dates, "adjusted": values_from_returns(rng.normal(0.001, 0.01, 199))} for i in range(5)}
    lake["gone"] = {"dates": dates[:120], "adjusted": values_from_returns(rng.normal(0.001, 0.01, 119))}
    write_lake(tmp_path, lake)
    store = lake_data(tmp_path)
    for period in [Scope(), Scope(dates[50], None)]:
        stacked = store.execute(readers.PAGE_SQL["contributions"], period, {"top": 3})
        last = stacked[stacked["date"] == stacked["date"].max()]
        assert set(stacked["label"]) == {"Others"} | set(last["label"]) and len(set(stacked["label"])) == 4
        account = store.execute("select sum(pnl) as pnl from portfolio_daily", period)["pnl"].iloc[0]
        assert last["cumulative_pnl"].sum() == pytest.approx(account, rel=1e-12)


def test_warm_up_computes_the_overview_for_the_whole_history_and_every_preset(tmp_path):
    from webapp import date_range

    write_lake(tmp_path, symphonies(3))
    store = lake_data(tmp_path)
    store.warm_up()
    warmed = {k[1:] for k in store.results._values}
    for preset in date_range.PRESETS:
        assert (LEADERBOARD, Report(date_range.Period(preset))) in warmed, preset


def test_close_interrupts_a_running_query_and_stops_the_warm_up(tmp_path):
    import threading

    import duckdb

    write_lake(tmp_path, symphonies(2))
    store = lake_data(tmp_path)
    store.snapshot()
    running, outcome = threading.Event(), []

    def mark_running(x: int) -> int:
        running.set()
        return x

    store.loaded().con.create_function("mark_running", mark_running, ["BIGINT"], "BIGINT", side_effects=True)

    def long_query():
        try:
            store.execute("select count(*) from range(100000000000) as a(x) where mark_running(x) % 7 = 3")
            outcome.append("finished")
        except duckdb.Error as exc:
            outcome.append(type(exc).__name__)

    worker = threading.Thread(target=long_query)
    worker.start()
    assert running.wait(30), "the query never started"
    started = time.monotonic()
    store.close()
    worker.join(timeout=10)
    assert outcome == ["InterruptException"] and time.monotonic() - started < 5
    store.warm_up()  # after close, the warm-up computes no preset period
    assert {k[2] for k in store.results._values if len(k) > 2} == {EVERYTHING}


class TightCursor:
    """Stands in for a DuckDB cursor whose query does not fit DASHBOARD_MEMORY_MB on two threads."""

    def __init__(self) -> None:
        self.threads, self.runs = 2, []

    def execute(self, sql: str, params=None):
        if sql.startswith("SET threads"):
            self.threads = int(sql.split("=")[1])
        elif sql.startswith("select current_setting('threads')"):
            return SimpleNamespace(fetchone=lambda: (self.threads,))
        elif sql == "select * from symphony_metrics":
            self.runs.append(self.threads)
            if self.threads > 1:
                raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block of size 256.0 KiB")
            return SimpleNamespace(df=lambda: pd.DataFrame({"threads": [self.threads]}))
        return SimpleNamespace(df=pd.DataFrame, fetchone=lambda: None)


def test_a_query_out_of_memory_on_two_threads_runs_again_on_one_and_the_threads_come_back():
    cursor = TightCursor()
    frame = connection.execute(cursor, "select * from symphony_metrics", Scope())
    assert frame["threads"].tolist() == [1] and cursor.runs == [2, 1] and cursor.threads == 2


def test_a_starting_worker_removes_the_snapshot_files_of_dead_workers_and_keeps_the_living(tmp_path):
    config = WebConfig(data_url=str(tmp_path), disk_dir=str(tmp_path / "disk"))
    dead = 2**22 + 17  # above the default pid_max: never a running process
    mine = disk.new_database(config, "20260101T000000Z-a")
    for path in (
        mine,
        tmp_path / "disk" / f"snapshot-{dead}-1-run.duckdb",
        tmp_path / "disk" / f"snapshot-{dead}-1-run.duckdb.wal",
    ):
        path.write_bytes(b"x")
    (tmp_path / "disk" / f"spill-{dead}").mkdir()
    disk.remove_orphans(config)
    assert sorted(p.name for p in (tmp_path / "disk").iterdir()) == [mine.name]


def test_the_grid_reads_each_metrics_definition_from_the_view_files_column_comment(tmp_path):
    """One place for a definition: the comment in sql/metrics/symphony_metrics.sql is what the
    tooltips show, with the configured annualization factor (and an edited copy's comment wins)."""
    import shutil

    from sql import duck
    from webapp import metric_columns

    write_lake(tmp_path / "lake", symphonies(2))
    shutil.copytree(duck.SQL_DIR, tmp_path / "sql", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    view = tmp_path / "sql" / "metrics" / "symphony_metrics.sql"
    view.write_text(view.read_text().replace("'Largest daily return in the period.'", "'The best day, edited.'"))
    config = WebConfig(data_url=str(tmp_path / "lake"), sql_dir=str(tmp_path / "sql"))
    config = dataclasses.replace(config, metrics=dataclasses.replace(config.metrics, periods_per_year=260))
    measures = readers.metric_definitions(LakeData(config))
    expected = metric_columns.definitions(metric_columns.comments_in_file(view), 260)
    assert measures == expected and measures["best_day"] == "The best day, edited."
    assert "√260" in measures["sharpe"] and "{periods_per_year}" not in "".join(measures.values())
    columns = {c["field"]: c for c in metric_columns.columns_for(["sharpe", "best_day", "new_metric"], measures)}
    assert columns["sharpe"]["headerTooltip"] == measures["sharpe"] and "no comment" in columns["new_metric"]["headerTooltip"]
