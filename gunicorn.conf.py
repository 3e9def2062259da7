"""Gunicorn settings for the dashboard (`gunicorn webapp.app:server -c gunicorn.conf.py`).

Threads share one DuckDB connection per worker (each thread has its own cursor), so a few
threads per worker use memory better than many workers. Values come from the environment so
Render and `make run` share this file.
"""

import ctypes
import gc
import os
import sys

import settings

M_ARENA_MAX = -8  # mallopt's parameter number (glibc's malloc.h)

# DuckDB's allocator (jemalloc, read when the worker imports duckdb) hands freed memory back to
# the system at once instead of keeping it for reuse: on a 512 MB instance, memory a finished
# query or snapshot load no longer needs must not stay counted against the worker (the worker is
# forked from this process after these lines, and imports the app itself: preload_app below)
os.environ["DUCKDB_JE_MALLOC_CONF"] = settings.value("DUCKDB_JE_MALLOC_CONF")


def _limit_malloc_arenas(arenas: int) -> None:
    """glibc gives each thread that allocates at once its own arena (up to 8 per core), each keeping
    its own free memory; fewer arenas keep the worker smaller. glibc reads MALLOC_ARENA_MAX from the
    environment only as a process starts, so the limit is set here with mallopt, in the master, and
    the worker forked from it inherits it. Nothing to do on a C library without mallopt."""
    if arenas <= 0:
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except AttributeError:
        return
    mallopt(M_ARENA_MAX, arenas)


_limit_malloc_arenas(settings.value("MALLOC_ARENA_MAX"))

bind = settings.value("GUNICORN_BIND") or f"0.0.0.0:{settings.value('PORT')}"
workers = settings.value("WEB_CONCURRENCY")
threads = settings.value("GUNICORN_THREADS")
worker_class = "gthread"
# an idle keep-alive connection stays open this long (gthread parks it in its poller, no thread):
# longer than a proxy's idle timeout, so Render's proxy never sends a request on a connection the
# worker is closing at that moment (the default, 2 s, races with it: the request is reset)
keepalive = 75
timeout = settings.value("GUNICORN_TIMEOUT")
# on SIGTERM a worker finishes requests in flight for this long, then is killed: inside the 30 s
# Render waits after SIGTERM before it kills the instance itself
graceful_timeout = 20
# the app is imported in the worker, not the master: a preloaded master would hold its own copy of
# Dash, pandas and DuckDB (about 180 MB of RSS) beside the worker's, on a 512 MB instance
preload_app = False
accesslog = "-"
errorlog = "-"
# the query string is left out of access logs: it is user input, not needed to operate
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'


def post_fork(server, worker) -> None:
    """The worker runs without pyarrow. It reads the lake through DuckDB and needs no Arrow, but pandas
    imports pyarrow whenever it is installed (ingest writes Parquet with it) to hold its strings:
    35 MB of a worker's RSS. Marked missing before the app is imported, pandas keeps its strings
    in Python objects instead, with the same `str` dtype."""
    sys.modules["pyarrow"] = None


def post_worker_init(worker) -> None:
    """Load the snapshot and the overview's first queries in the background as soon as a worker
    starts, so the first visitor does not pay for them (requests meanwhile wait for the load).

    First, the objects the app's import made (Dash, pandas, plotly: about 150,000, alive as long as
    the worker) are frozen out of the garbage collector: each full collection walked them all, a
    pause of about 100 ms in whichever request set it off."""
    from webapp.app import lake

    gc.freeze()
    lake.start_warm_up()


def worker_exit(server, worker) -> None:
    """Stop the warm-up and interrupt running queries, so the worker exits at once on SIGTERM."""
    import os

    from webapp.app import lake

    if not lake.close():
        # a thread still inside DuckDB (a read stuck on S3) would abort the interpreter's
        # finalization (SIGABRT): leave at once, nothing is left to flush
        os._exit(0)


def _drop_server_header() -> None:
    """Gunicorn writes `Server: gunicorn` itself, after the app's headers: leave it out (it tells an
    attacker what runs here and nothing to anyone else)."""
    from gunicorn.http import wsgi

    default_headers = wsgi.Response.default_headers

    def without_server(self) -> list[str]:
        return [line for line in default_headers(self) if not line.startswith("Server:")]

    wsgi.Response.default_headers = without_server


_drop_server_header()
