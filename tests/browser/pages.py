"""The main pages of a workspace filled with the demo data, for the page-wide browser checks
(layout, accessibility, screenshots). One workspace per test module: seeding it takes a few
seconds, and the checks only read."""

import uuid
from dataclasses import dataclass

from django.conf import settings

from workspaces import demo, services
from workspaces.models import Role

PASSWORD = "journey password 2026"


@dataclass
class DemoWorkspace:
    workspace: object
    email: str
    port: int
    record_paths: dict

    def url(self, path: str = "/") -> str:
        return f"http://{self.workspace.host}:{self.port}{path}"

    def public_url(self, path: str = "/") -> str:
        return f"http://{settings.BASE_DOMAIN}:{self.port}{path}"

    def login(self, page):
        page.goto(self.url("/accounts/login/"))
        page.fill("input[name=username]", self.email)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(self.url("/"))

    def pages(self) -> list[str]:
        """Every main page of the workspace, as paths."""
        return [
            "/",
            "/organisations/",
            "/contacts/",
            "/opportunities/",
            "/prospects/",
            self.record_paths["organisation"],
            self.record_paths["contact"],
            self.record_paths["opportunity"],
            self.record_paths["prospect"],
            self.record_paths["prospect"] + "convert/",  # its pickers
            "/contacts/new/",
            "/opportunities/new/",
            self.record_paths["contact"] + "edit/",
            "/opportunities/board/",
            "/opportunities/statistics/",
            "/contacts/statistics/",
            "/tasks/",
            "/tasks/statistics/",
            "/notifications/",
            "/personal-data/contact/" + self.record_paths["contact"].split("/")[-2] + "/",
            "/settings/",
            "/settings/workspace/",
            "/settings/personal-data/",
            "/settings/fields/",
            "/settings/workflows/",
            "/settings/labels/",
            "/settings/members/",
            "/settings/custom-fields/contact/",
            "/imports/",
            "/search/?q=mar",
        ]


def make_demo_workspace(port, django_db_blocker, *, name="Atelier Démo") -> DemoWorkspace:
    """A committed workspace with the demo data (fewer records than `make run`'s), whose owner
    signs in with PASSWORD."""
    suffix = uuid.uuid4().hex[:8]
    with django_db_blocker.unblock():
        user = services.user_get_or_create(
            email=f"owner-{suffix}@pages.test", password=PASSWORD, full_name="Claire Dubois"
        )
        workspace = services.workspace_create(slug=f"p-{suffix}", name=name, owner=user)
        services.membership_set(workspace=workspace, user=user, role=Role.ADMIN)
        demo.seed(
            workspace=workspace,
            seed=1,
            organisations=40,
            contacts=120,
            prospects=60,
            opportunities=60,
        )
        with workspace:
            from contacts.models import Contact
            from opportunities.models import Opportunity
            from organisations.models import Organisation
            from prospects.models import Prospect

            record_paths = {
                key: model.objects.order_by("pk").first().get_absolute_url()
                for key, model in [
                    ("organisation", Organisation),
                    ("contact", Contact),
                    ("opportunity", Opportunity),
                    ("prospect", Prospect),
                ]
            }
    return DemoWorkspace(workspace, user.email, port, record_paths)
