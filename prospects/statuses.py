"""A prospect's status in words that agree with the workspace's name for prospects: « Nouveau
prospect », « Contacté » but « Nouvelle piste », « Contactée » when prospects are « Pistes »."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import npgettext, pgettext_lazy

from prospects.models import Status
from records.counts import RecordCount
from workspaces.models import Gender

STATUS_LABELS = {
    Status.NEW: (pgettext_lazy("masculine", "New"), pgettext_lazy("feminine", "New")),
    Status.CONTACTED: (
        pgettext_lazy("masculine", "Contacted"),
        pgettext_lazy("feminine", "Contacted"),
    ),
    Status.QUALIFIED: (
        pgettext_lazy("masculine", "Qualified"),
        pgettext_lazy("feminine", "Qualified"),
    ),
    Status.DISQUALIFIED: (
        pgettext_lazy("masculine", "Disqualified"),
        pgettext_lazy("feminine", "Disqualified"),
    ),
    Status.CONVERTED: (
        pgettext_lazy("masculine", "Converted"),
        pgettext_lazy("feminine", "Converted"),
    ),
}


def status_labels(crm_object) -> dict[str, str]:
    """Every status's label for the prospect object `crm_object` (CrmObject), in the current
    language: look it up once per response, not once per row."""
    feminine = crm_object.gender == Gender.FEMININE
    return {status: str(labels[1 if feminine else 0]) for status, labels in STATUS_LABELS.items()}


def status_choices(crm_object) -> list[tuple[str, str]]:
    labels = status_labels(crm_object)
    return [(status, labels[status]) for status in Status.values]


CONVERTED_ON_INTO = (
    pgettext_lazy("masculine", "Converted on %(date)s into:"),
    pgettext_lazy("feminine", "Converted on %(date)s into:"),
)
ALREADY_CONVERTED_ON = (
    pgettext_lazy("masculine", "Already converted on %(date)s. It produced:"),
    pgettext_lazy("feminine", "Already converted on %(date)s. It produced:"),
)
ALREADY_CONVERTED = (
    pgettext_lazy("masculine", "Already converted: nothing was changed."),
    pgettext_lazy("feminine", "Already converted: nothing was changed."),
)


def _gendered(crm_object, pair) -> str:
    return str(pair[1 if crm_object.gender == Gender.FEMININE else 0])


def converted_on_into(crm_object, prospect) -> str:
    """« Converti le 31/05/2026 en : » (« Convertie le… » for a feminine name)."""
    return _gendered(crm_object, CONVERTED_ON_INTO) % {
        "date": date_format(prospect.converted_at, "SHORT_DATE_FORMAT")
    }


def already_converted_on(crm_object, prospect) -> str:
    return _gendered(crm_object, ALREADY_CONVERTED_ON) % {
        "date": date_format(prospect.converted_at, "SHORT_DATE_FORMAT")
    }


def already_converted(crm_object) -> str:
    return _gendered(crm_object, ALREADY_CONVERTED)


def waiting_counts(crm_object, *, new: RecordCount, contacted: RecordCount) -> tuple[str, str]:
    """The dashboard's « 3 nouveaux », « 1 contacté » (« 3 nouvelles » for a feminine name;
    « environ 80 000 nouveaux » beyond what is counted exactly)."""
    # Literal contexts, so that makemessages finds both forms.
    if crm_object.gender == Gender.FEMININE:
        new_text = npgettext("feminine", "%(counter)s new", "%(counter)s new", new.value)
        contacted_text = npgettext(
            "feminine", "%(counter)s contacted", "%(counter)s contacted", contacted.value
        )
    else:
        new_text = npgettext("masculine", "%(counter)s new", "%(counter)s new", new.value)
        contacted_text = npgettext(
            "masculine", "%(counter)s contacted", "%(counter)s contacted", contacted.value
        )
    return new_text % {"counter": new.shown}, contacted_text % {"counter": contacted.shown}
