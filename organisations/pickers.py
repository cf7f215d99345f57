"""The organisation picker (records.picker): searched by name, email, phone or city; the second
line gives the city and the SIREN, which tell two « Dupont » apart."""

from __future__ import annotations

from django.utils.translation import gettext as _

from organisations import selectors
from organisations.models import Organisation
from organisations.normalise import normalise_organisation_name
from records.picker import RESULTS, Picker


def format_siren(siren: str) -> str:
    """« 552 100 554 », as it is printed on French documents."""
    return " ".join(siren[i : i + 3] for i in range(0, len(siren), 3))


class OrganisationPicker(Picker):
    url_name = "organisations:picker"

    def queryset(self):
        return Organisation.objects.order_by("name", "pk")

    def search(self, term, *, within=None, limit=RESULTS):
        # The same name ignoring case, accents and legal forms first (« dupont sas » names
        # « Dupont »), then what the trigram search finds.
        key = normalise_organisation_name(term)
        exact = list(self.queryset().filter(name_key=key)[:limit]) if key else []
        seen = {o.pk for o in exact}
        found = selectors.organisation_search(term=term, limit=limit)
        return (exact + [o for o in found if o.pk not in seen])[:limit]

    def choose(self, term, matches, *, within=None):
        key = normalise_organisation_name(term)
        same = [o for o in matches if key and o.name_key == key]
        if len(same) == 1:
            return same[0]
        return super().choose(term, matches, within=within)

    def suggested(self, *, within=None, limit=RESULTS):
        return list(self.queryset()[:limit])

    def describe(self, organisation, object_settings):
        parts = []
        if organisation.city:
            parts.append(organisation.city)
        if organisation.siren:
            parts.append(_("SIREN %(number)s") % {"number": format_siren(organisation.siren)})
        return " · ".join(parts)

    def none_label(self, object_settings):
        return object_settings["organisation"].none_label if object_settings else "—"


organisation_picker = OrganisationPicker()
