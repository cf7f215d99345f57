"""The label filter of the object lists: `?label=<id>` (repeatable), for django-filter.

    import django_filters
    from labels.filters import LabelFilter

    class OrganisationFilter(django_filters.FilterSet):
        label = LabelFilter()          # filters on the model's `labels` many-to-many

Several ids keep the records carrying ANY of those labels (`LabelFilter(conjoined=True)`: ALL).
Ids that are not numbers or not labels of this workspace are ignored, never an error: a shared
link to a deleted label shows the list unfiltered by it. The query uses EXISTS on the
many-to-many table, so no DISTINCT and no duplicate rows.
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from labels.forms import LabelMultipleChoiceField
from labels.models import Label


class TolerantLabelField(LabelMultipleChoiceField):
    """Keeps the known label ids, drops the rest instead of failing validation."""

    def _check_values(self, value):
        ids = set()
        for item in value:
            try:
                ids.add(int(str(item)))
            except (TypeError, ValueError):
                continue
        return self.queryset.filter(pk__in=ids)


class LabelFilter(django_filters.Filter):
    field_class = TolerantLabelField

    def __init__(self, field_name: str = "labels", *, conjoined: bool = False, **kwargs):
        kwargs.setdefault("label", _("Labels"))
        kwargs.setdefault("queryset", Label.objects.all())
        super().__init__(field_name=field_name, **kwargs)
        self.conjoined = conjoined

    def filter(self, qs, value):
        labels = list(value or ())
        if not labels:
            return qs
        relation = qs.model._meta.get_field(self.field_name)
        through = relation.remote_field.through
        source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        rows = through.objects.filter(**{source: OuterRef("pk")})
        if self.conjoined:
            for label in labels:
                qs = qs.filter(Exists(rows.filter(**{target: label})))
            return qs
        return qs.filter(Exists(rows.filter(**{f"{target}__in": labels})))
