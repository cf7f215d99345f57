"""The workspace-settings API: the one place every part of Carnet asks about the CRM objects.

For the current workspace it answers: is an object enabled, what is it called (singular,
plural, French grammatical gender, and the phrases built on them), which optional fields it
shows. A view loads it once per request (one query, `object_settings_for(request)`) and hands
it as a value to forms, filters and fields; templates get it as `crm_objects` (see
workspaces.context_processors and workspaces.templatetags.crm).

    settings = object_settings_for(request)
    settings.is_enabled("organisation")
    settings["organisation"].plural            # "Associations"
    settings["organisation"].phrase("new")     # "Nouvelle association"
    settings["organisation"].shows("siren")

Everything that names or links to an object goes through here: navigation, views
(`object_enabled`), forms (`apply_to_form`), filters, search, exports, the dashboard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import wraps

from django.apps import apps
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext, npgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from workspaces.models import CrmObjectKey, Gender, ObjectSetting
from workspaces.registry import registry


@dataclass(frozen=True)
class ObjectType:
    """What Carnet knows of an object whatever the workspace: model, URLs, default names."""

    key: str
    model_label: str  # "app_label.ModelName"
    url_namespace: str  # also the path prefix: /organisations/
    default_singular: object
    default_plural: object
    default_gender: str  # the French gender of the default name

    @property
    def model(self):
        try:
            return apps.get_model(self.model_label)
        except LookupError:  # the app has no model yet
            return None

    @property
    def optional_fields(self) -> list[str]:
        """Fields a workspace may hide, from the object's declaration (records.fields)."""
        declaration = registry.object_fields.get(self.key)
        return declaration.optional_names if declaration is not None else []


OBJECT_TYPES: dict[str, ObjectType] = {
    t.key: t
    for t in [
        ObjectType(
            CrmObjectKey.ORGANISATION,
            "organisations.Organisation",
            "organisations",
            _("Organisation"),
            _("Organisations"),
            Gender.FEMININE,
        ),
        ObjectType(
            CrmObjectKey.CONTACT,
            "contacts.Contact",
            "contacts",
            _("Contact"),
            _("Contacts"),
            Gender.MASCULINE,
        ),
        ObjectType(
            CrmObjectKey.OPPORTUNITY,
            "opportunities.Opportunity",
            "opportunities",
            _("Opportunity"),
            _("Opportunities"),
            Gender.FEMININE,
        ),
        ObjectType(
            CrmObjectKey.PROSPECT,
            "prospects.Prospect",
            "prospects",
            _("Prospect"),
            _("Prospects"),
            Gender.MASCULINE,
        ),
    ]
}
OBJECT_KEYS = tuple(OBJECT_TYPES)

VOWELS = set("aeiouyhàâäéèêëîïôöùûüœæ")

# Phrases about an object, by French gender and by whether the name starts with a vowel
# (la/le -> l', ce -> cet, nouveau -> nouvel). English translations are all alike.
# %(noun)s is the singular name, or the plural where PHRASE_NUMBER says so.
PHRASE_NUMBER = {
    "new": "singular",
    # Translators: answer "singular" if your language says "no <object>" with the singular
    # noun (French: « Aucune association »), "plural" otherwise (English: "No associations").
    "none": pgettext_lazy("number of the noun after 'No'", "plural"),
    "the": "singular",
    "this": "singular",
    "all": "plural",
    "add": "singular",
    "created": "plural",
    "won": "plural",
    "lost": "plural",
    "converted": "plural",
    "open": "plural",
}
PHRASES = {
    "new": {
        "masculine": pgettext_lazy("masculine", "New %(noun)s"),
        "masculine before vowel": pgettext_lazy("masculine before vowel", "New %(noun)s"),
        "feminine": pgettext_lazy("feminine", "New %(noun)s"),
        "feminine before vowel": pgettext_lazy("feminine before vowel", "New %(noun)s"),
    },
    "none": {
        "masculine": pgettext_lazy("masculine", "No %(noun)s"),
        "masculine before vowel": pgettext_lazy("masculine before vowel", "No %(noun)s"),
        "feminine": pgettext_lazy("feminine", "No %(noun)s"),
        "feminine before vowel": pgettext_lazy("feminine before vowel", "No %(noun)s"),
    },
    "the": {
        "masculine": pgettext_lazy("masculine", "the %(noun)s"),
        "masculine before vowel": pgettext_lazy("masculine before vowel", "the %(noun)s"),
        "feminine": pgettext_lazy("feminine", "the %(noun)s"),
        "feminine before vowel": pgettext_lazy("feminine before vowel", "the %(noun)s"),
    },
    "this": {
        "masculine": pgettext_lazy("masculine", "this %(noun)s"),
        "masculine before vowel": pgettext_lazy("masculine before vowel", "this %(noun)s"),
        "feminine": pgettext_lazy("feminine", "this %(noun)s"),
        "feminine before vowel": pgettext_lazy("feminine before vowel", "this %(noun)s"),
    },
    "all": {
        "masculine": pgettext_lazy("masculine", "All %(noun)s"),
        "masculine before vowel": pgettext_lazy("masculine before vowel", "All %(noun)s"),
        "feminine": pgettext_lazy("feminine", "All %(noun)s"),
        "feminine before vowel": pgettext_lazy("feminine before vowel", "All %(noun)s"),
    },
    "add": {
        "masculine": pgettext_lazy("masculine", "Add a %(noun)s"),
        "masculine before vowel": pgettext_lazy("masculine before vowel", "Add a %(noun)s"),
        "feminine": pgettext_lazy("feminine", "Add a %(noun)s"),
        "feminine before vowel": pgettext_lazy("feminine before vowel", "Add a %(noun)s"),
    },
}


# Statistics titles, plural, with the past participle agreeing (« Structures créées »,
# « Projets gagnés »). They start with the noun: capitalise where a title starts.
def _plural_by_gender(masculine, feminine) -> dict:
    """A plural phrase, whose French agrees with the gender only (no elision to make)."""
    return {
        "masculine": masculine,
        "masculine before vowel": masculine,
        "feminine": feminine,
        "feminine before vowel": feminine,
    }


_by_gender = _plural_by_gender  # the same shape for singular phrases

# Statistics titles, plural, with the past participle agreeing (« Structures créées »,
# « Projets gagnés »). They start with the noun: capitalise where a title starts.
PHRASES["created"] = _plural_by_gender(
    pgettext_lazy("masculine plural", "%(noun)s created"),
    pgettext_lazy("feminine plural", "%(noun)s created"),
)
PHRASES["won"] = _plural_by_gender(
    pgettext_lazy("masculine plural", "%(noun)s won"),
    pgettext_lazy("feminine plural", "%(noun)s won"),
)
PHRASES["lost"] = _plural_by_gender(
    pgettext_lazy("masculine plural", "%(noun)s lost"),
    pgettext_lazy("feminine plural", "%(noun)s lost"),
)
PHRASES["converted"] = _plural_by_gender(
    pgettext_lazy("masculine plural", "%(noun)s converted"),
    pgettext_lazy("feminine plural", "%(noun)s converted"),
)
PHRASES["open"] = _plural_by_gender(
    pgettext_lazy("masculine plural", "Open %(noun)s"),
    pgettext_lazy("feminine plural", "Open %(noun)s"),
)
PHRASES["converted_this_month"] = _plural_by_gender(
    pgettext_lazy("masculine plural", "%(noun)s converted this month"),
    pgettext_lazy("feminine plural", "%(noun)s converted this month"),
)
# Words that agree with the object without naming it: « Marquer gagné » (un projet) but
# « Marquer gagnée » (une opportunité); « Clôturé le » / « Clôturée le » as a column header.
PHRASES["won_this_month"] = _plural_by_gender(
    pgettext_lazy("masculine plural", "Won this month"),
    pgettext_lazy("feminine plural", "Won this month"),
)
PHRASES["mark_won"] = _by_gender(
    pgettext_lazy("masculine", "Mark won"), pgettext_lazy("feminine", "Mark won")
)
PHRASES["mark_lost"] = _by_gender(
    pgettext_lazy("masculine", "Mark lost"), pgettext_lazy("feminine", "Mark lost")
)
PHRASES["marked_won"] = _by_gender(
    pgettext_lazy("masculine", "Marked as won."), pgettext_lazy("feminine", "Marked as won.")
)
PHRASES["marked_lost"] = _by_gender(
    pgettext_lazy("masculine", "Marked as lost."), pgettext_lazy("feminine", "Marked as lost.")
)
PHRASES["why_lost"] = _by_gender(
    pgettext_lazy("masculine", "Why was it lost?"), pgettext_lazy("feminine", "Why was it lost?")
)
PHRASES["lost_because"] = _by_gender(
    pgettext_lazy("masculine", "Lost because:"), pgettext_lazy("feminine", "Lost because:")
)
PHRASES["created_on"] = _by_gender(
    pgettext_lazy("masculine", "Created on"), pgettext_lazy("feminine", "Created on")
)
PHRASES["updated_on"] = _by_gender(
    pgettext_lazy("masculine", "Updated on"), pgettext_lazy("feminine", "Updated on")
)
PHRASES["converted_on"] = _by_gender(
    pgettext_lazy("masculine", "Converted on"), pgettext_lazy("feminine", "Converted on")
)
PHRASES["closed_on"] = _by_gender(
    pgettext_lazy("masculine", "Closed on"), pgettext_lazy("feminine", "Closed on")
)
# Messages about one record: « Projet « X » supprimé. », « Entreprise « Y » créée. »
# %(noun)s starts the sentence: it keeps its capital (see CrmObject.phrase).
PHRASES["converted_into"] = _by_gender(
    pgettext_lazy("masculine", "Converted into: %(object)s"),
    pgettext_lazy("feminine", "Converted into: %(object)s"),
)
PHRASES["record_created"] = _by_gender(
    pgettext_lazy("masculine", "%(noun)s “%(name)s” created."),
    pgettext_lazy("feminine", "%(noun)s “%(name)s” created."),
)
PHRASES["record_deleted"] = _by_gender(
    pgettext_lazy("masculine", "%(noun)s “%(name)s” deleted."),
    pgettext_lazy("feminine", "%(noun)s “%(name)s” deleted."),
)
PHRASES["record_converted"] = _by_gender(
    pgettext_lazy("masculine", "%(noun)s “%(name)s” converted."),
    pgettext_lazy("feminine", "%(noun)s “%(name)s” converted."),
)
for _kind in (
    "converted_this_month",
    "won_this_month",
):
    PHRASE_NUMBER[_kind] = "plural"
for _kind in (
    "mark_won",
    "mark_lost",
    "marked_won",
    "marked_lost",
    "why_lost",
    "lost_because",
    "created_on",
    "updated_on",
    "closed_on",
    "converted_on",
    "converted_into",
    "record_created",
    "record_deleted",
    "record_converted",
):
    PHRASE_NUMBER[_kind] = "singular"
# Phrases whose noun starts a sentence: the name keeps its capital (« Projet « X » supprimé. »).
SENTENCE_START = {"record_created", "record_deleted", "record_converted", "converted_into"}


def lower_first(name: str) -> str:
    """'Entreprise' -> 'entreprise' inside a sentence; acronyms such as 'SCI' stay."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


class Phrases(Mapping):
    """An object's phrases by kind, each built when a template asks for it."""

    def __init__(self, crm_object: CrmObject):
        self._object = crm_object

    def __getitem__(self, kind: str) -> str:
        if kind not in PHRASES or kind in SENTENCE_START:
            raise KeyError(kind)
        return self._object.phrase(kind)

    def __iter__(self):
        return (kind for kind in PHRASES if kind not in SENTENCE_START)

    def __len__(self) -> int:
        return len(PHRASES) - len(SENTENCE_START)


@dataclass(frozen=True)
class CrmObject:
    """One object as the current workspace uses it."""

    type: ObjectType
    enabled: bool = True
    custom_singular: str = ""  # French names, and the gender that goes with them
    custom_plural: str = ""
    custom_gender: str = ""
    custom_singular_en: str = ""  # English names
    custom_plural_en: str = ""
    hidden_fields: frozenset[str] = field(default_factory=frozenset)

    @property
    def key(self) -> str:
        return self.type.key

    def custom_names(self, language: str | None = None) -> tuple[str, str]:
        """The workspace's (singular, plural) for `language` (default: the active one), else
        those of the other language; ("", "") when the workspace kept the default names."""
        english = (language or get_language() or "").startswith("en")
        french_names = (self.custom_singular, self.custom_plural)
        english_names = (self.custom_singular_en, self.custom_plural_en)
        first, other = (english_names, french_names) if english else (french_names, english_names)
        if any(first):
            return first
        if any(other):
            return other
        return "", ""

    @property
    def singular(self) -> str:
        return self.custom_names()[0] or str(self.type.default_singular)

    @property
    def plural(self) -> str:
        return self.custom_names()[1] or str(self.type.default_plural)

    # Inside a sentence: « …que traversent les projets » (acronyms keep their capitals).
    @property
    def singular_in_sentence(self) -> str:
        return lower_first(self.singular)

    @property
    def plural_in_sentence(self) -> str:
        return lower_first(self.plural)

    @property
    def gender(self) -> str:
        return self.custom_gender or self.type.default_gender

    def shows(self, field_name: str) -> bool:
        """Whether forms and pages show this field (required fields are always shown)."""
        return field_name not in self.hidden_fields

    def phrase(self, kind: str, **values) -> str:
        """A short phrase about the object, with French gender and elision agreement.

        kinds: "new" (Nouvelle entreprise), "none" (Aucune entreprise), "the" (l'école),
        "this" (cet établissement), "all" (Toutes les entreprises), "add" (Ajouter une entreprise),
        the statistics titles ("created", "won"… « Projets gagnés »), words that agree with
        the object ("mark_won" « Marquer gagné », "closed_on" « Clôturée le »…) and messages
        ("record_deleted", with name=…: « Projet « X » supprimé. »). See PHRASES.
        `values` fill the phrase's other placeholders (escape them where HTML is built).
        """
        noun = self.plural if str(PHRASE_NUMBER[kind]) == "plural" else self.singular
        if kind not in SENTENCE_START:
            noun = lower_first(noun)
        feminine = self.gender == Gender.FEMININE
        elided = noun[:1].lower() in VOWELS
        form = ("feminine" if feminine else "masculine") + (" before vowel" if elided else "")
        return str(PHRASES[kind][form]) % {**values, "noun": noun}

    # Shortcuts for templates: {{ crm_objects.organisation.new_label }}
    @property
    def new_label(self) -> str:
        return self.phrase("new")

    @property
    def none_label(self) -> str:
        return self.phrase("none")

    @property
    def phrases(self) -> Phrases:
        """The phrases by kind, for templates: {{ crm_object.phrases.all }} (kinds with spaces
        through the `object_phrase` tag: {% object_phrase "opportunity" "mark_won" %})."""
        return Phrases(self)

    def count(self, number: int) -> str:
        """« 1 contact », « 2 contacts », « 0 contact » in French and "0 contacts" in English:
        the language's plural rule (ngettext) picks the singular or the plural name."""
        grammatical_number = npgettext(
            "grammatical number of a count: translate as is", "singular", "plural", number
        )
        noun = self.plural if grammatical_number == "plural" else self.singular
        return gettext("%(count)s %(noun)s") % {
            "count": number_format(number, force_grouping=True),
            "noun": lower_first(noun),
        }

    @property
    def name_samples(self) -> list[dict[str, str]]:
        """How the names read in each language (the settings page's preview)."""
        samples = []
        for language in ("fr", "en"):
            with translation.override(language):
                samples.append(
                    {
                        "language": language,
                        "new": self.phrase("new"),
                        "plural": self.plural,
                        "none": self.phrase("none"),
                        "all": self.phrase("all"),
                    }
                )
        return samples

    @property
    def list_url(self) -> str | None:
        try:
            return reverse(f"{self.type.url_namespace}:list")
        except NoReverseMatch:  # the object has no pages yet
            return None


class ObjectSettings:
    """The four objects as one workspace uses them."""

    def __init__(self, rows=()):
        by_key = {row.object: row for row in rows}
        self._objects = {}
        for key, object_type in OBJECT_TYPES.items():
            row = by_key.get(key)
            self._objects[key] = (
                CrmObject(object_type)
                if row is None
                else CrmObject(
                    object_type,
                    enabled=row.enabled,
                    custom_singular=row.singular,
                    custom_plural=row.plural,
                    custom_gender=row.gender,
                    custom_singular_en=row.singular_en,
                    custom_plural_en=row.plural_en,
                    hidden_fields=frozenset(row.hidden_fields or ()),
                )
            )

    @classmethod
    def load(cls, workspace) -> ObjectSettings:
        """One query for the workspace's settings."""
        return cls(ObjectSetting.objects.filter(workspace_id=workspace.pk))

    def __getitem__(self, key: str) -> CrmObject:
        return self._objects[key]

    # Templates look objects up by attribute: {{ crm_objects.organisation.plural }}
    def __getattr__(self, key: str) -> CrmObject:
        try:
            return self.__dict__["_objects"][key]
        except KeyError:
            raise AttributeError(key) from None

    def __iter__(self):
        return iter(self._objects.values())

    def is_enabled(self, key: str) -> bool:
        return self._objects[key].enabled

    def enabled(self) -> list[CrmObject]:
        return [obj for obj in self._objects.values() if obj.enabled]

    def for_model(self, model) -> CrmObject | None:
        """The object a model is, if it is one of the four."""
        for obj in self._objects.values():
            if obj.type.model_label == model._meta.label:
                return obj
        return None

    @cached_property
    def navigation(self) -> list[dict]:
        """Menu entries: enabled objects that have pages, under the workspace's names."""
        entries = []
        for obj in self.enabled():
            url = obj.list_url
            if url is not None:
                entries.append(
                    {
                        "key": obj.key,
                        "label": obj.plural,
                        "url": url,
                        "url_namespace": obj.type.url_namespace,
                    }
                )
        return entries


# The settings rows each worker read, by (workspace id, settings_version). The version is on
# the workspace row, which every request reads with its host (django-tenants), and the database
# changes it on any write to the settings (migration workspaces 0009_settings_version): a
# rename made through any worker shows at once in every other, and a page asks for no query.
# Only the rows are kept, never anything built in a language or for a request.
_ROWS_BY_VERSION: dict[tuple[int, int], tuple[ObjectSetting, ...]] = {}
_ROWS_KEPT = 256  # workspaces whose settings a worker keeps (then it starts afresh)


def settings_rows(workspace) -> tuple[ObjectSetting, ...]:
    """The workspace's settings rows as of its `settings_version` (a query only when new)."""
    key = (workspace.pk, workspace.settings_version)
    rows = _ROWS_BY_VERSION.get(key)
    if rows is None:
        rows = tuple(ObjectSetting.objects.filter(workspace_id=workspace.pk))
        if len(_ROWS_BY_VERSION) >= _ROWS_KEPT:
            _ROWS_BY_VERSION.clear()
        _ROWS_BY_VERSION[key] = rows
    return rows


def object_settings_for(request) -> ObjectSettings:
    """The settings of the request's workspace: no query while they have not changed."""
    settings = getattr(request, "_object_settings", None)
    if settings is None:
        if getattr(request, "_object_settings_changed", False):
            # Changed within this request: request.tenant holds the version from before.
            settings = ObjectSettings.load(request.tenant)
        else:
            settings = ObjectSettings(settings_rows(request.tenant))
        request._object_settings = settings
    return settings


def object_settings_forget(request) -> None:
    """After a change within this request: the next ask reloads (one more query)."""
    request._object_settings = None
    request._object_settings_changed = True


def object_enabled(key: str):
    """View decorator: 404 when the object `key` is disabled in the workspace."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not object_settings_for(request).is_enabled(key):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def apply_to_form(form, *, key: str, settings: ObjectSettings) -> None:
    """Drop from `form` the fields the workspace hid and those pointing at disabled objects."""
    crm_object = settings[key]
    for name in list(form.fields):
        form_field = form.fields[name]
        if not form_field.required and not crm_object.shows(name):
            del form.fields[name]
            continue
        queryset = getattr(form_field, "queryset", None)
        if queryset is not None:
            target = settings.for_model(queryset.model)
            if target is not None and not target.enabled:
                del form.fields[name]
