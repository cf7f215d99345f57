from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "contacts"

    def ready(self):
        from contacts import dashboard, demo, fields, search, sections, statistics
        from workspaces.registry import RecordSection, registry

        registry.fields(fields.CONTACT_FIELDS)
        registry.search("contact", search.search)
        registry.dashboard("contact", dashboard.figures)
        registry.statistics("contact", statistics.compute)
        registry.demo(10, demo.seed_workspace)  # organisations too: contacts belong to them
        registry.record_section(
            RecordSection(
                name="organisation_contacts",
                objects=("organisation",),
                template="contacts/_organisation_contacts.html",
                context=sections.organisation_contacts,
                provider="contact",
                order=10,
            )
        )
