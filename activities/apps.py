from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activity")

    def ready(self):
        from activities import dashboard, demo, history, sections, statistics  # noqa: F401
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
        registry.statistics_chart("opportunity", statistics.stage_time_chart)
        registry.demo(90, demo.seed_workspace)  # after the four objects
