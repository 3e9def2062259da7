"""A symphony's live daily values (epoch-millisecond series), checked before they are trusted."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from ingest.errors import ValidationError
from ingest.normalize.fields import EPOCH, FIRST_LIVE_DAY, _numbers, _series, check_days, check_values
from ingest.normalize.schemas import SCHEMAS


def normalize_live_values(account_id: str, symphony_id: str, payload: dict) -> pa.Table:
    """Parallel arrays epoch_ms / series / deposit_adjusted_series → a daily_values table."""
    if not isinstance(payload, dict):
        raise ValidationError(f"symphony {symphony_id}: live values are not a JSON object")
    stamps = _series(payload, "epoch_ms", symphony_id)
    values = _series(payload, "series", symphony_id)
    adjusted = _series(payload, "deposit_adjusted_series", symphony_id)
    if not stamps:
        raise ValidationError(f"symphony {symphony_id}: live series is empty")
    if not len(stamps) == len(values) == len(adjusted):
        raise ValidationError(
            f"symphony {symphony_id}: arrays differ in length (epoch_ms {len(stamps)}, series {len(values)}, "
            f"deposit_adjusted_series {len(adjusted)})"
        )
    what = f"symphony {symphony_id}"
    days = (_numbers(stamps, what) // 86_400_000).astype("int64")
    check_days(days, what, FIRST_LIVE_DAY)
    days = days.astype("int32")
    dollars, adjusted_dollars = _numbers(values, what), _numbers(adjusted, what)
    check_values(dollars, what)
    check_values(adjusted_dollars, f"{what} (deposit-adjusted)")
    steps = np.diff(days)
    if steps.size and (steps <= 0).any():
        i = int(np.flatnonzero(steps <= 0)[0]) + 1
        problem = "duplicate" if steps[i - 1] == 0 else "unsorted"
        raise ValidationError(f"symphony {symphony_id}: {problem} date {EPOCH + dt.timedelta(days=int(days[i]))} at position {i}")
    n = days.size
    return pa.table(
        {
            "account_id": pa.array([account_id] * n, pa.string()),
            "symphony_id": pa.array([symphony_id] * n, pa.string()),
            "date": pa.array(days, pa.int32()).cast(pa.date32()),
            "value": pa.array(dollars),
            "deposit_adjusted_value": pa.array(adjusted_dollars),
        },
        schema=SCHEMAS["daily_values"],
    )
