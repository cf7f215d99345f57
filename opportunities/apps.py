from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "opportunities"

    def ready(self):
        from opportunities import dashboard, demo, fields, search, sections, services
        from workspaces.registry import RecordSection, registry

        registry.fields(fields.OPPORTUNITY_FIELDS)
        registry.search("opportunity", search.search)
        registry.dashboard("opportunity", dashboard.figures)
        registry.demo(30, demo.seed_workspace)
        registry.workspace_created(services.default_workflow_create)
        registry.record_section(
            RecordSection(
                name="related_opportunities",
                objects=("organisation", "contact"),
                template="opportunities/_related.html",
                context=sections.related_opportunities,
                provider="opportunity",
                order=20,
            )
        )
