"""gunicorn.conf.py's hooks: a worker freezes what lives on out of the garbage collector's
full passes once, after its first requests, its garbage collected first."""

import gc
import os
import runpy
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def test_a_worker_freezes_its_objects_once_after_its_first_requests(monkeypatch):
    with mock.patch.dict(os.environ):  # the file sets a default of its own
        conf = runpy.run_path(str(CONF))
    calls = []
    monkeypatch.setattr(gc, "collect", lambda *args: calls.append("collect"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    worker = SimpleNamespace()
    for _ in range(conf["WARM_AFTER_REQUESTS"] - 1):
        conf["post_request"](worker, None, None, None)
    assert calls == []
    for _ in range(50):
        conf["post_request"](worker, None, None, None)
    assert calls == ["collect", "freeze"]
    conf["pre_fork"](None, worker)  # the master, before each fork
    assert calls == ["collect", "freeze", "freeze"]
