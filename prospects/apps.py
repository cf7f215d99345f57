from django.apps import AppConfig


class ProspectsConfig(AppConfig):
    name = "prospects"

    def ready(self):
        from prospects import dashboard, demo, fields, search
        from workspaces.registry import registry

        registry.fields(fields.PROSPECT_FIELDS)
        registry.search("prospect", search.search)
        registry.dashboard("prospect", dashboard.figures)
        registry.demo(20, demo.seed_workspace)
