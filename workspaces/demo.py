"""The demo workspace of `make run`, and the sample data of `seed_demo`.

Each app contributes its sample data through the registry (`registry.demo(order, seed)` in its
AppConfig.ready()); everything is deterministic (a seeded random generator) and written with
bulk inserts.
"""

import os
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from workspaces import services
from workspaces.models import Role, Workspace
from workspaces.registry import registry

User = get_user_model()

DEMO_SLUG = "demo"
DEMO_PASSWORD = "demo"
OPERATOR_EMAIL, OPERATOR_PASSWORD = "admin@example.com", "admin"
OWNER_EMAIL = "demo@example.com"

# Colleagues of the demo owner, one per role, all with the password "demo".
DEMO_MEMBERS = [
    ("demo@example.com", "Claire Dubois", Role.ADMIN),
    ("camille@example.com", "Camille Martin", Role.MEMBER),
    ("hugo@example.com", "Hugo Lefèvre", Role.MEMBER),
    ("lea@example.com", "Léa Moreau", Role.VIEWER),
]


def setup() -> list[str]:
    """Make sure the operator, the demo owner and the demo workspace exist; seed it once."""
    report = []
    if not User.objects.filter(email__iexact=OPERATOR_EMAIL).exists():
        User.objects.create_superuser(OPERATOR_EMAIL, OPERATOR_PASSWORD, full_name="Operator")
        report.append(f"Operator {OPERATOR_EMAIL} / {OPERATOR_PASSWORD} created.")
    owner = User.objects.filter(email__iexact=OWNER_EMAIL).first()
    if owner is None:
        owner = User.objects.create_user(OWNER_EMAIL, DEMO_PASSWORD, full_name="Claire Dubois")
    workspace = Workspace.objects.filter(schema_name=DEMO_SLUG).first()
    if workspace is None:
        workspace = services.workspace_create(slug=DEMO_SLUG, name="Demo", owner=owner)
        port = os.environ.get("PORT", "8000")
        report.append(f"Workspace {DEMO_SLUG} created at http://{workspace.host}:{port}/.")
        report += seed(workspace=workspace, seed=1)
    else:
        report.append(f"Workspace {DEMO_SLUG} already exists: its data is kept.")
    return report


@transaction.atomic
def seed(
    *,
    workspace: Workspace,
    seed: int = 1,
    organisations: int = 200,
    contacts: int = 1000,
    prospects: int = 300,
    opportunities: int = 150,
) -> list[str]:
    """Sample data for `workspace`; the same seed gives the same data."""
    counts = {
        "organisations": organisations,
        "contacts": contacts,
        "prospects": prospects,
        "opportunities": opportunities,
    }
    rng = random.Random(seed)
    report = [seed_members(workspace=workspace)]
    owners = list(workspace.memberships.values_list("user_id", flat=True))
    with workspace:
        for _order, contribute in registry.demos:
            report += contribute(rng=rng, counts=counts, owners=owners)
    return report


def seed_members(*, workspace: Workspace) -> str:
    for email, full_name, role in DEMO_MEMBERS:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
        services.membership_set(workspace=workspace, user=user, role=role)
    return f"{len(DEMO_MEMBERS)} members (password “{DEMO_PASSWORD}”)."
