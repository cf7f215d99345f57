"""The contact picker (records.picker): searched by name, email, phones or city; the second
line gives the email and the organisation, which tell two « Adam André » apart. Given an
organisation (`within`: the one chosen on the same form), its contacts come first."""

from __future__ import annotations

from contacts.models import Contact
from contacts.selectors import contact_search_within
from organisations.models import Organisation
from records.picker import RESULTS, SUGGESTED, Picker


class ContactPicker(Picker):
    url_name = "contacts:picker"
    depends_on = "organisation"

    def queryset(self):
        return Contact.objects.select_related("organisation").order_by(
            "last_name", "first_name", "pk"
        )

    def search(self, term, *, within=None, limit=RESULTS):
        return contact_search_within(term=term, organisation_id=within, limit=limit)

    def suggested(self, *, within=None, limit=RESULTS):
        # The chosen organisation's contacts, else the first ones by name.
        if within is not None:
            return list(self.queryset().filter(organisation_id=within)[:limit])
        return list(self.queryset()[:limit])

    def form_suggestions(self, *, within=None):
        # A form lists the chosen organisation's first contacts, ready to tick.
        if within is None:
            return []
        return list(self.queryset().filter(organisation_id=within)[:SUGGESTED])

    def is_within(self, contact, within):
        return contact.organisation_id == within

    def within_exists(self, within):
        return Organisation.objects.filter(pk=within).exists()

    def describe(self, contact, object_settings):
        parts = [contact.email] if contact.email else []
        shows_organisation = object_settings is None or object_settings.is_enabled("organisation")
        if contact.organisation_id and shows_organisation:
            parts.append(contact.organisation.name)
        return " · ".join(parts)

    def none_label(self, object_settings):
        return object_settings["contact"].none_label if object_settings else "—"


contact_picker = ContactPicker()
