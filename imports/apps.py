from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = "Imports"

    def ready(self):
        from imports import selectors
        from workspaces.registry import FirstStep, registry

        registry.first_step(
            FirstStep(
                label=_("Import a file"),
                url_name="imports:index",
                description=_(
                    "Bring your contacts or organisations from a spreadsheet (CSV or Excel)."
                ),
                order=20,
                done=selectors.has_finished_import,
            )
        )
