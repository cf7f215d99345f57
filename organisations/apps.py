from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "organisations"

    def ready(self):
        from organisations import dashboard, search
        from workspaces.registry import registry

        registry.search("organisation", search.search)
        registry.dashboard("organisation", dashboard.figures)
