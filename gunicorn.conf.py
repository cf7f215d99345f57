"""gunicorn settings for Carnet (`make run`, the Docker image)."""

import gc
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threaded workers: the worker's main thread tells the master it is alive while a request runs,
# so `timeout` never kills a long download (a 1M-row export streams for about a minute) and the
# person never receives a file cut in the middle. A request stuck on the database is stopped by
# the statement timeout below, each query on its own.
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 4))
# Load Django once in the master: settings start (or find) the embedded database only once.
preload_app = True
timeout = 30
# No single query may hold a web worker for long (the background worker and management
# commands have no such limit): see STATEMENT_TIMEOUT_MS in crm_project/settings.py.
os.environ.setdefault("CARNET_STATEMENT_TIMEOUT_MS", "10000")
accesslog = "-"
errorlog = "-"
# Its default path (~/.gunicorn/gunicorn.ctl) would be shared by every gunicorn on the machine
# (tests, several checkouts); Carnet does not use it.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


# The garbage collector's full passes walk every object alive: Django as the master loaded it
# (preload_app) and what a worker builds on its first requests (URL patterns, compiled
# templates, catalogues), ~150,000 objects, about once every ten requests (some 8 ms a list
# page on average: bench/README.md). These live as long as the worker, so they are frozen out
# of the passes: the master's before forking, the worker's own after its first requests.
WARM_AFTER_REQUESTS = 20


def pre_fork(server, worker):
    gc.freeze()


def post_request(worker, req, environ, resp):
    if getattr(worker, "carnet_frozen", False):
        return
    worker.carnet_requests = getattr(worker, "carnet_requests", 0) + 1
    if worker.carnet_requests >= WARM_AFTER_REQUESTS:
        worker.carnet_frozen = True
        gc.collect()  # the requests' garbage goes first: only what lives on is frozen
        gc.freeze()
