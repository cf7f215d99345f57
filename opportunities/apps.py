from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "opportunities"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from opportunities import dashboard, demo, fields, search, sections, services, statistics
        from workspaces.registry import (
            DashboardPanel,
            FirstStep,
            ObjectTab,
            RecordSection,
            registry,
        )

        registry.fields(fields.OPPORTUNITY_FIELDS)
        registry.search("opportunity", search.search)
        registry.dashboard("opportunity", dashboard.figures)
        registry.statistics("opportunity", statistics.compute, filters=statistics.filters)
        registry.object_tab("opportunity", ObjectTab(_("Board"), "opportunities:board"))
        registry.dashboard_panel(
            DashboardPanel(
                name="my_opportunities_closing",
                template="opportunities/dashboard/closing.html",
                context=dashboard.my_closing_this_month,
                provider="opportunity",
                order=20,
            )
        )
        registry.dashboard_panel(
            DashboardPanel(
                name="pipeline",
                template="opportunities/dashboard/pipeline.html",
                context=dashboard.pipeline_panel,
                provider="opportunity",
                order=110,
            )
        )
        registry.first_step(
            FirstStep(
                label=_("Set up a workflow"),
                url_name="workflow_settings:list",
                description=_("The stages your offers go through, from first contact to won."),
                provider="opportunity",
                admin_only=True,
                order=30,
            )
        )
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
