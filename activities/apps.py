from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activity")

    def ready(self):
        from activities import (  # noqa: F401 (history: a timeline source)
            dashboard,
            demo,
            history,
            history_purge,
            next_step,
            sections,
            statistics,
        )
        from workspaces.registry import DashboardPanel, registry

        registry.record_section(sections.activity_section())
        registry.dashboard_panel(
            DashboardPanel(
                name="my_tasks",
                template="activities/dashboard/my_tasks.html",
                context=dashboard.my_tasks_panel,
                order=10,
            )
        )
        registry.list_extension(next_step.extension())
        registry.statistics_chart("opportunity", statistics.stage_time_chart)
        registry.preview_section(sections.preview_tasks_section())
        registry.demo(90, demo.seed_workspace)  # after the four objects
        registry.custom_values_purged(history_purge.custom_values_purge)
