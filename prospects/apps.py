from django.apps import AppConfig


class ProspectsConfig(AppConfig):
    name = "prospects"

    def ready(self):
        from prospects import dashboard, demo, fields, search, statistics
        from workspaces.registry import DashboardPanel, registry

        registry.fields(fields.PROSPECT_FIELDS)
        registry.search("prospect", search.search)
        registry.dashboard("prospect", dashboard.figures)
        registry.statistics("prospect", statistics.compute)
        registry.dashboard_panel(
            DashboardPanel(
                name="prospects_waiting",
                template="prospects/dashboard/waiting.html",
                context=dashboard.waiting,
                provider="prospect",
                order=30,
            )
        )
        registry.demo(20, demo.seed_workspace)
