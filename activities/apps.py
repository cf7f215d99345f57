from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activity")

    def ready(self):
        from activities import sections
        from workspaces.registry import registry

        registry.record_section(sections.activity_section())
