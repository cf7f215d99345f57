"""A long download is never cut: gunicorn, as `make run` configures it, lets a response stream
for longer than its worker timeout; an export that fails halfway fails visibly."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from contacts.models import Contact
from records import export

ROOT = Path(__file__).resolve().parent.parent

# Streams for about three seconds, longer than the worker timeout the test gives gunicorn.
SLOW_APP = """
import time

def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    for i in range(30):
        time.sleep(0.1)
        yield b"row %d\\n" % i
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_response_streams_longer_than_the_worker_timeout(tmp_path):
    (tmp_path / "slow_app.py").write_text(SLOW_APP)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
         "--timeout", "1", "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "--chdir", str(tmp_path), "slow_app:application"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=20) as response:
                    body = response.read()
                break
            except urllib.error.URLError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert body.count(b"\n") == 30  # whole, although the worker timeout is 1 s
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_export_that_fails_halfway_fails_instead_of_ending(client_on, alpha, alice, monkeypatch):
    """The server then closes the connection before the end of the chunked body: the browser
    shows the download as failed, never a shorter file that looks whole."""
    monkeypatch.setattr(export, "ROWS_PER_PIECE", 10)
    cells = 0
    cell_text = export.cell_text

    def failing_halfway(value, style="csv"):
        nonlocal cells
        cells += 1
        if cells > 25 * 15:  # in the 26th row
            raise RuntimeError("the database went away")
        return cell_text(value, style)

    monkeypatch.setattr(export, "cell_text", failing_halfway)
    with alpha:
        Contact.objects.bulk_create(Contact(first_name=f"C{i}", last_name="X") for i in range(50))
    response = client_on(alpha, alice).get("/contacts/export/")
    pieces = iter(response.streaming_content)
    assert b"C0" in next(pieces) + next(pieces)  # 20 rows sent
    with pytest.raises(RuntimeError):
        for _piece in pieces:
            pass
