"""The dashboard exactly as gunicorn serves it, but on a clock that starts at TEST_DASHBOARD_NOW
(an ISO date-time with its offset) and runs on from there, so a browser test can open the pages
in a market session whatever the time of day (`gunicorn tests.helpers.clocked_dashboard:server`)."""

from __future__ import annotations

import datetime as dt
import os
import time

import webapp.app as served

_START = dt.datetime.fromisoformat(os.environ["TEST_DASHBOARD_NOW"])
_BEGAN = time.monotonic()
served.lake.clock = lambda: (_START + dt.timedelta(seconds=time.monotonic() - _BEGAN)).astimezone(dt.UTC)
server = served.server
