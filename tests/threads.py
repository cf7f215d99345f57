"""Running test code on a database connection of its own, so what it writes is committed."""

import threading

from django.db import connections


def in_thread(function, *args):
    """Run `function` in a thread with its own database connection (so it commits), closed
    at the end; returns the thread and a list that receives its exception, if any."""
    errors: list = []

    def run():
        try:
            function(*args)
        except BaseException as error:  # noqa: BLE001 — reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors
