"""seed_demo adds notes, tasks (some overdue), checklists and some history."""

import io

from django.core.management import call_command
from django.utils import timezone

from activities.history_models import ContactEvent
from activities.models import Checklist, Note, Task


def test_seed_demo_adds_activity(alpha):
    out = io.StringIO()
    call_command(
        "seed_demo",
        "alpha",
        "--organisations=20",
        "--contacts=80",
        "--prospects=5",
        "--opportunities=30",
        stdout=out,
    )
    assert "notes" in out.getvalue()
    with alpha:
        assert Note.objects.count() > 50
        assert Task.objects.filter(done_at=None, due__lt=timezone.localdate()).exists()
        assert Task.objects.filter(done_at__isnull=False).exists()
        assert Checklist.objects.exists()
        assert ContactEvent.objects.filter(pgh_label="update").count() == 20
