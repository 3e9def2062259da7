"""What the server log says when something breaks: a failing callback is logged with its name and
the traceback (the page gets a plain 500), and a broken view file is named."""

from __future__ import annotations

import logging

import pytest

from tests.helpers.metric_lake import symphonies, write_lake
from webapp import store as data
from webapp.config import WebConfig


class FailingStore(data.LakeData):
    """Its account KPIs fail once the snapshot is served (cached or not)."""

    failing = False

    def remember(self, key, compute):
        if self.failing and key[0] == "webapp.store.readers.account_kpis":
            raise RuntimeError("boom in a query")
        return super().remember(key, compute)


@pytest.fixture
def app_client(tmp_path, monkeypatch):
    write_lake(tmp_path, symphonies(2))
    monkeypatch.setenv("DATA_URL", str(tmp_path))
    from webapp.app import create_app

    failing = FailingStore(WebConfig(data_url=str(tmp_path)))
    app = create_app(lake=failing)
    failing.snapshot()
    failing.failing = True
    yield app.server.test_client()
    failing.close()


def test_a_failing_callback_is_logged_with_its_name_and_traceback(app_client, caplog):
    caplog.set_level(logging.ERROR, logger="webapp.security")
    body = {
        "output": "..overview-kpis.children...overview-account.figure..",
        "outputs": [{"id": "overview-kpis", "property": "children"}, {"id": "overview-account", "property": "figure"}],
        "inputs": [{"id": "report", "property": "data", "value": {}}],
        "changedPropIds": ["report.data"],
    }
    response = app_client.post("/_dash-update-component", json=body)
    assert response.status_code == 500 and "boom" not in response.get_data(as_text=True)
    (record,) = [r for r in caplog.records if "unhandled error" in r.getMessage()]
    assert "callback ..overview-kpis.children...overview-account.figure.." in record.getMessage()
    assert record.exc_info and "boom in a query" in str(record.exc_info[1])


def test_a_broken_view_file_is_named(tmp_path):
    import shutil

    from sql import duck

    write_lake(tmp_path / "lake", symphonies(2))
    shutil.copytree(duck.SQL_DIR, tmp_path / "sql", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (tmp_path / "sql" / "intermediate/monthly_returns.sql").write_text("create or replace view monthly_returns as selec 1")
    with pytest.raises(data.LakeUnavailable, match=r"view file intermediate/monthly_returns.sql failed: Parser Error"):
        data.LakeData(WebConfig(data_url=str(tmp_path / "lake"), sql_dir=str(tmp_path / "sql"))).snapshot()
