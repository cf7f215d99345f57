from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspacesConfig(AppConfig):
    name = "workspaces"
    verbose_name = _("Workspaces")

    def ready(self):
        from django.core.signals import request_finished

        from workspaces import connections

        # A long-lived connection that visits many schemas is replaced (workspaces.connections).
        request_finished.connect(
            connections.request_finished, dispatch_uid="workspaces.connections"
        )
