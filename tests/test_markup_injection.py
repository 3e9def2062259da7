"""Text from Composer is shown as typed, never run as markup: symphony names chosen by their
authors reach plotly titles, legends, ticks, pie labels and hover text escaped; an id that is not
plain never becomes a Markdown link; ingest refuses ids that are not Composer's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from ingest import normalize
from ingest.errors import ValidationError
from tests.helpers.browser import dashboard_in_browser
from tests.helpers.metric_lake import business_days, values_from_returns, write_lake
from webapp import compare_figures, figures

EVIL = '<a href="https://evil.example/">Win big</a><b>!</b>'
EVIL_ID = "x](https://evil.example/phish)"
LONG_ID, LONG_NAME = "LongNameLongNameLong", "Leveraged momentum " * 260  # about 5,000 characters


def test_figures_escape_names_wherever_plotly_reads_markup():
    days = pd.to_datetime(["2026-01-02", "2026-01-05"])
    pnl = figures.pnl_figure(pd.DataFrame({"date": days, "cumulative_pnl": [1.0, 2.0]}), EVIL)
    assert "<a href" not in pnl.layout.title.text and "&lt;a href" in pnl.layout.title.text
    overlay = compare_figures.overlay(
        pd.DataFrame({"symphony_id": ["s", "s"], "date": days, "growth": [1.0, 1.1]}), {"s": EVIL}, {}, "growth", "t"
    )
    assert overlay.data[0].name.startswith("&lt;a href")
    heatmap = compare_figures.correlation_heatmap(
        pd.DataFrame({"symphony_a": ["s", "t"], "symphony_b": ["t", "s"], "correlation": [0.5, 0.5]}),
        {"s": EVIL, "t": "T"},
        ["s", "t"],
    )
    assert all("<" not in label for label in heatmap.data[0].x)
    bars = compare_figures.allocation_figure(pd.DataFrame({"symphony_id": ["s"], "name": [EVIL], "value": [10.0]}), {})
    assert all("<" not in label for label in bars.data[0].y)
    stacked = compare_figures.contributions_figure(
        pd.DataFrame({"label": [EVIL], "symphony_id": ["s"], "date": days[:1], "cumulative_pnl": [1.0]}), {}
    )
    assert "<" not in stacked.data[0].name


@pytest.mark.parametrize("bad", [EVIL_ID, "short", "A" * 21, "abcdefghij-klmnopqrs"])
def test_ingest_refuses_a_symphony_id_that_is_not_composers(bad):
    with pytest.raises(ValidationError, match="not Composer's"):
        normalize.normalize_symphony("acct", {"id": bad, "name": "x"})


def test_no_link_or_markup_from_composer_text_reaches_the_pages(tmp_path):
    rng = np.random.default_rng(4)
    dates = business_days(120)
    symphonies = {
        sid: {"dates": dates, "adjusted": values_from_returns(rng.normal(0.0005, 0.01, 119)), "name": name}
        for sid, name in ((EVIL_ID, "Plain name"), ("AbCdEfGhIjKlMnOpQrSt", EVIL), (LONG_ID, LONG_NAME))
    }
    write_lake(tmp_path, symphonies)
    with dashboard_in_browser({"DATA_URL": str(tmp_path)}, "injection_gunicorn.log") as (driver, url):
        for path in ("/", f"/compare?symphonies=AbCdEfGhIjKlMnOpQrSt,{EVIL_ID}", "/portfolio"):
            driver.get(url + path)
            WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg"))
            WebDriverWait(driver, 30).until(lambda d: "Loading" not in d.find_element(By.ID, "_pages_content").text)
            anchors = driver.execute_script(
                "return [...document.querySelectorAll('a')].map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')"
            )
            assert not [a for a in anchors if "evil.example" in a], path
            assert not driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot b"), path
        driver.get(url + "/")
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#overview-grid .ag-row"))
        assert "Win big" in driver.find_element(By.ID, "overview-grid").text  # the name is shown, as text

        driver.get(f"{url}/strategy/{LONG_ID}")
        title = WebDriverWait(driver, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, "#_pages_content h4"))
        assert len(title.text) <= 120 and title.get_attribute("title") == LONG_NAME
        page_width = driver.execute_script("return document.documentElement.clientWidth")
        assert title.rect["width"] <= page_width
        # charts size themselves once drawn: the page settles within the screen's width
        WebDriverWait(driver, 15).until(
            lambda d: d.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        )
