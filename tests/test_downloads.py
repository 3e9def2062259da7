"""Every CSV download is data in one dialect: raw numbers at full precision, ISO days and times,
UTF-8 without a byte-order mark, quoting only where a field needs it."""

from __future__ import annotations

import csv
import io

import pandas as pd

from webapp import downloads


def test_a_csv_holds_raw_numbers_iso_days_and_times_and_quotes_only_what_needs_it():
    frame = pd.DataFrame(
        {
            "ticker": ["SPY", 'A "quoted", name'],
            "allocation": [0.4300000000000001, 0.57],
            "value": [4976.123456789, None],
            "as_of": pd.to_datetime(["2026-12-03", "2026-12-02"]),
            "occurred_at": pd.to_datetime(["2026-12-03 20:59:46", "2026-12-03 14:30:00"]).tz_localize("UTC"),
        }
    )
    text = downloads.csv_text(frame)
    lines = text.split("\n")
    assert lines[0] == "ticker,allocation,value,as_of,occurred_at"
    assert lines[1] == "SPY,0.4300000000000001,4976.123456789,2026-12-03,2026-12-03T20:59:46+00:00"
    assert lines[2] == '"A ""quoted"", name",0.57,,2026-12-02,2026-12-03T14:30:00+00:00'
    assert "\r" not in text and not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert float(rows[0]["allocation"]) == 0.4300000000000001 and rows[1]["ticker"] == 'A "quoted", name'


def test_a_download_names_its_file_and_type():
    sent = downloads.csv_download(pd.DataFrame({"x": [1]}), "holdings_abc.csv")
    assert sent == {"content": "x\n1\n", "filename": "holdings_abc.csv", "type": "text/csv"}
