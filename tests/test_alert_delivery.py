"""Alerts reach real receivers on 127.0.0.1 (a JSON webhook, an SMTP server) once when they start
and once when they resolve; a crash or a receiver that is down loses nothing and sends nothing
twice; the secret URL appears in no output, log or file."""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

from ingest.alerts import runner, state
from ingest.lake import Lake
from tests.helpers.alert_lake import DAYS, DOWN, UP, config, publish
from tests.helpers.alert_receivers import free_port, mailbox, webhook
from tests.helpers.browser import ROOT


def crossed(returns: np.ndarray, depth: float) -> str:
    """The trading day a series of returns first went `depth` or more below its peak."""
    wealth = np.cumprod(1 + returns)
    return str(DAYS[int(np.argmax(wealth / np.maximum.accumulate(wealth) - 1 <= -depth)) + 1])  # DAYS[0] has no return


def drawdown_posts(received: list[dict]) -> list[str]:
    return [p["title"] for p in received if "Drawdown:" in p["title"]]


def test_a_drawdown_sends_one_message_when_it_starts_and_one_when_it_resolves(tmp_path):
    with webhook() as (url, received):
        publish(tmp_path, UP, 1)
        assert runner.run(config(tmp_path, url)).events == []
        publish(tmp_path, np.concatenate([UP, DOWN]), 2)
        started = runner.run(config(tmp_path, url))
        publish(tmp_path, np.concatenate([UP, DOWN, [-0.001]]), 3)  # still down the next night
        stays = runner.run(config(tmp_path, url))
        publish(tmp_path, np.concatenate([UP, DOWN, [-0.001], [0.5]]), 4)  # recovered
        resolved = runner.run(config(tmp_path, url))

    assert [e["event"] for e in started.events if e["rule"] == "drawdown"] == ["started", "started"]  # symphony, account
    assert stays.events == [] and stays.active == started.active
    assert {e["event"] for e in resolved.events if e["rule"] == "drawdown"} == {"resolved"}
    titles = drawdown_posts(received)
    assert titles.count("[critical] Drawdown: Alpha Rotation") == 1 and titles.count("Resolved: Drawdown: Alpha Rotation") == 1
    body = next(p["message"] for p in received if p["title"] == "[critical] Drawdown: Alpha Rotation")
    fell = crossed(np.concatenate([UP, DOWN]), 0.2)
    assert body.splitlines() == [
        "Alpha Rotation is 30.0% below its all-time peak, deposit-adjusted (alert at 20% below it).",
        f"In alarm since {fell} (data as of {DAYS[len(UP) + len(DOWN)]}).",
        "https://dash.example.com/strategy/sym1",
    ]
    resolution = next(p["message"] for p in received if p["title"] == "Resolved: Drawdown: Alpha Rotation")
    assert resolution.splitlines()[:2] == [
        f"Resolved on {DAYS[len(UP) + len(DOWN) + 2]}, in alarm since {fell}.",
        "Now: Alpha Rotation is at its all-time peak (alert at 20% below it).",
    ]
    history = Lake(str(tmp_path)).read_json(state.POINTER)["history"]
    assert [(h["event"], h["subject_kind"]) for h in history if h["rule"] == "drawdown"] == [
        ("started", "account"), ("started", "symphony"), ("resolved", "account"), ("resolved", "symphony")
    ]  # fmt: skip
    assert all(h["delivered_at"] for h in history)


def test_an_email_reaches_an_smtp_server_with_the_figure_and_the_link(tmp_path):
    publish(tmp_path, np.concatenate([UP, DOWN]), 1)
    with mailbox() as (url, received):
        summary = runner.run(config(tmp_path, url))
    assert summary.failures == [] and summary.delivered == len(received) == 2
    mail = next(m for m in received if m["Subject"] == "[critical] Drawdown: Alpha Rotation")
    text = mail.get_body(("plain",)).get_content()
    assert "Alpha Rotation is 30.0% below its all-time peak" in text and "https://dash.example.com/strategy/sym1" in text
    assert mail["To"] == "trader@example.com"


def test_a_crash_before_the_state_is_saved_sends_nothing_and_the_next_run_sends_it_once(tmp_path, monkeypatch):
    publish(tmp_path, np.concatenate([UP, DOWN]), 1)
    with webhook() as (url, received):

        def crash(*args, **kwargs):
            raise KeyboardInterrupt("killed between evaluation and the state write")

        with monkeypatch.context() as patch:
            patch.setattr(state, "save", crash)
            with pytest.raises(KeyboardInterrupt):
                runner.run(config(tmp_path, url))
        assert received == [] and Lake(str(tmp_path)).read_json(state.POINTER) is None
        runner.run(config(tmp_path, url))
        runner.run(config(tmp_path, url))
    assert len(drawdown_posts(received)) == 2  # symphony and account, once each


def test_a_crash_after_the_state_is_saved_sends_the_outbox_on_the_next_run_once(tmp_path):
    publish(tmp_path, np.concatenate([UP, DOWN]), 1)

    def dies(url: str, title: str, body: str):
        raise KeyboardInterrupt("killed while sending")

    with webhook() as (url, received):
        with pytest.raises(KeyboardInterrupt):
            runner.run(config(tmp_path, url), sender=dies)
        assert len(Lake(str(tmp_path)).read_json(state.POINTER)["outbox"]) == 2  # owed, not lost
        again = runner.run(config(tmp_path, url))
        runner.run(config(tmp_path, url))
    assert again.events == [] and again.delivered == 2
    assert len(drawdown_posts(received)) == 2


def test_a_receiver_that_is_down_gets_the_message_on_the_next_run(tmp_path):
    publish(tmp_path, np.concatenate([UP, DOWN]), 1)
    port = free_port()
    with webhook(port) as (url, _):
        pass  # the URL of a receiver that is not running
    down = runner.run(config(tmp_path, url))
    assert down.delivered == 0 and len(down.failures) == 2
    assert all("the next run sends it again" in f and "s3cr3t" not in f for f in down.failures)
    with webhook(port) as (url, received):
        up = runner.run(config(tmp_path, url))
    assert up.delivered == 2 and up.failures == [] and len(drawdown_posts(received)) == 2
    assert Lake(str(tmp_path)).read_json(state.POINTER)["outbox"] == []


def test_the_alerts_command_prints_what_it_would_send_and_keeps_the_secret_url_out_of_everything(tmp_path):
    publish(tmp_path, np.concatenate([UP, DOWN]), 1)
    secret = "s3cr3t-webhook-token"
    with webhook() as (url, _):
        pass  # down: the failure message is where a URL would leak
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALERT", "DATA_URL", "DASHBOARD"))}
    env |= {
        "DATA_URL": str(tmp_path),
        "ALERT_URLS": f"{url}, json://user:hunter2-password@127.0.0.1:9/x",
        "ALERT_STALE_DAYS": "100000",
    }

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "ingest", "alerts", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )

    dry = cli()
    assert dry.returncode == 0, dry.stderr
    assert "alert channels: json, json" in dry.stdout and "alert started: Alpha Rotation is 30.0% below" in dry.stdout
    fell = crossed(np.concatenate([UP, DOWN]), 0.2)
    assert (
        f"active drawdown symphony Alpha Rotation: value -0.3, threshold -0.2, since {fell}: "
        "Alpha Rotation is 30.0% below its all-time peak, deposit-adjusted (alert at 20% below it)"
    ) in dry.stdout.splitlines()
    assert "not sent" in dry.stdout and Lake(str(tmp_path)).read_json(state.POINTER) is None  # a dry run saves nothing
    sent = cli("--send")
    test = cli("--test")
    assert sent.returncode == 1 and "alert delivery failed" in sent.stdout
    assert test.returncode == 1 and "failed" in test.stdout
    files = [p.read_text(errors="replace") for p in pathlib.Path(tmp_path).rglob("*") if p.is_file() and p.suffix == ".json"]
    for text in [dry.stdout, dry.stderr, sent.stdout, sent.stderr, test.stdout, test.stderr, *files]:
        assert secret not in text and "hunter2" not in text


def test_a_failed_rule_keeps_its_alerts_active_instead_of_resolving_them(tmp_path):
    import shutil

    from ingest.alerts import rules

    publish(tmp_path / "lake", np.concatenate([UP, DOWN]), 1)
    lake = tmp_path / "lake"
    first = runner.run(config(lake))
    assert first.active >= 2
    broken = tmp_path / "rules"
    shutil.copytree(rules.RULES_DIR, broken)
    (broken / "10_drawdown.sql").write_text("select * from no_such_view")
    evaluation, run_id = runner.evaluate(config(lake), {}, broken)
    assert [e.file for e in evaluation.errors] == ["10_drawdown.sql"]
    previous = state.load(Lake(str(lake)))
    after, events = state.transition(previous, evaluation, [], dt.datetime.now(dt.UTC), run_id)
    assert events == [] and set(after.active) == set(previous.active)
    assert json.dumps(after.as_json())  # the state stays JSON


def test_the_nightly_run_evaluates_after_publishing_and_a_failed_sync_is_itself_an_alert(sandbox, local_lake):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ALERT", "DATA_URL", "DASHBOARD", "COMPOSER"))}
    base |= sandbox.env() | {"DATA_URL": local_lake, "ALERT_STALE_DAYS": "100000"}

    def run(**env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "ingest", "run", "--no-artifacts"],
            cwd=ROOT,
            env=base | env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    with webhook() as (url, received):
        ok = run(ALERT_URLS=url)
        assert ok.returncode in (0, 1), ok.stderr
        assert "alerts: " in ok.stderr and "active" in ok.stderr
        off = run(ALERT_URLS=url, ALERTS="off")
        assert "alerts: " not in off.stderr
        before = len(received)
        failed = run(ALERT_URLS=url, COMPOSER_SECRET_KEY="wrong-secret")
    assert failed.returncode == 2
    (post,) = [p for p in received[before:] if "Sync failed" in p["title"]]
    assert post["title"] == "[critical] Sync failed: The nightly sync" and "published nothing" in post["message"]
    assert "wrong-secret" not in failed.stderr + post["message"]


def test_old_alert_state_files_are_pruned_but_never_the_one_the_pointer_names(tmp_path):
    lake = Lake(str(tmp_path))
    previous = None
    for n in range(state.STATE_FILES_KEPT + 5):
        saved = state.AlertState(state_id=f"2026010{n // 10}T0000{n % 10}Z-test")
        state.save(lake, saved, replaces=previous)
        previous = saved.state_id
    kept = lake.list_keys("alerts/state")
    assert len(kept) == state.STATE_FILES_KEPT and f"alerts/state/{previous}.json" in kept
    assert lake.read_json(state.POINTER)["state_id"] == previous
