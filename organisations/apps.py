from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "organisations"

    def ready(self):
        from organisations import dashboard, fields, search, statistics
        from workspaces.registry import registry

        registry.fields(fields.ORGANISATION_FIELDS)
        registry.search("organisation", search.search)
        registry.dashboard("organisation", dashboard.figures)
        registry.statistics("organisation", statistics.compute)
