"""The morning digests, run by the background worker (workspaces.jobs).

Every five minutes a public periodic job sends the digests that are due: in each workspace
whose local time is past 07:30, each member with something due gets one email a day
(activities.reminders; `manage.py send_task_digests` does the same by hand or from cron).
"""

from __future__ import annotations

import datetime

from procrastinate.contrib.django import app

from activities.reminders import digests_send
from workspaces.jobs import workspace_task


@app.periodic(cron="*/5 * * * *")
@workspace_task(public=True)
def task_digests(timestamp: int) -> int:
    """Send the digests due at `timestamp` (seconds since the epoch, given by the worker)."""
    return digests_send(now=datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC))
