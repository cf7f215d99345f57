from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activity")

    def ready(self):
        from activities import demo, history, sections  # noqa: F401 (history: timeline source)
        from workspaces.registry import registry

        registry.record_section(sections.activity_section())
        registry.demo(90, demo.seed_workspace)  # after the four objects
