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

from dataclasses import dataclass, field
from functools import wraps

from django.apps import apps
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
PHRASES["created"] = {
    "masculine": pgettext_lazy("masculine plural", "%(noun)s created"),
    "masculine before vowel": pgettext_lazy("masculine plural", "%(noun)s created"),
    "feminine": pgettext_lazy("feminine plural", "%(noun)s created"),
    "feminine before vowel": pgettext_lazy("feminine plural", "%(noun)s created"),
}
PHRASES["won"] = {
    "masculine": pgettext_lazy("masculine plural", "%(noun)s won"),
    "masculine before vowel": pgettext_lazy("masculine plural", "%(noun)s won"),
    "feminine": pgettext_lazy("feminine plural", "%(noun)s won"),
    "feminine before vowel": pgettext_lazy("feminine plural", "%(noun)s won"),
}
PHRASES["lost"] = {
    "masculine": pgettext_lazy("masculine plural", "%(noun)s lost"),
    "masculine before vowel": pgettext_lazy("masculine plural", "%(noun)s lost"),
    "feminine": pgettext_lazy("feminine plural", "%(noun)s lost"),
    "feminine before vowel": pgettext_lazy("feminine plural", "%(noun)s lost"),
}
PHRASES["converted"] = {
    "masculine": pgettext_lazy("masculine plural", "%(noun)s converted"),
    "masculine before vowel": pgettext_lazy("masculine plural", "%(noun)s converted"),
    "feminine": pgettext_lazy("feminine plural", "%(noun)s converted"),
    "feminine before vowel": pgettext_lazy("feminine plural", "%(noun)s converted"),
}
PHRASES["open"] = {
    "masculine": pgettext_lazy("masculine plural", "Open %(noun)s"),
    "masculine before vowel": pgettext_lazy("masculine plural", "Open %(noun)s"),
    "feminine": pgettext_lazy("feminine plural", "Open %(noun)s"),
    "feminine before vowel": pgettext_lazy("feminine plural", "Open %(noun)s"),
}


def lower_first(name: str) -> str:
    """'Entreprise' -> 'entreprise' inside a sentence; acronyms such as 'SCI' stay."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


@dataclass(frozen=True)
class CrmObject:
    """One object as the current workspace uses it."""

    type: ObjectType
    enabled: bool = True
    custom_singular: str = ""
    custom_plural: str = ""
    custom_gender: str = ""
    hidden_fields: frozenset[str] = field(default_factory=frozenset)

    @property
    def key(self) -> str:
        return self.type.key

    @property
    def singular(self) -> str:
        return self.custom_singular or str(self.type.default_singular)

    @property
    def plural(self) -> str:
        return self.custom_plural or str(self.type.default_plural)

    @property
    def gender(self) -> str:
        return self.custom_gender or self.type.default_gender

    def shows(self, field_name: str) -> bool:
        """Whether forms and pages show this field (required fields are always shown)."""
        return field_name not in self.hidden_fields

    def phrase(self, kind: str) -> str:
        """A short phrase about the object, with French gender and elision agreement.

        kinds: "new" (Nouvelle entreprise), "none" (Aucune entreprise), "the" (l'école),
        "this" (cet établissement), "all" (Toutes les entreprises), "add" (Ajouter une entreprise).
        """
        noun = self.plural if str(PHRASE_NUMBER[kind]) == "plural" else self.singular
        noun = lower_first(noun)
        feminine = self.gender == Gender.FEMININE
        elided = noun[:1].lower() in VOWELS
        form = ("feminine" if feminine else "masculine") + (" before vowel" if elided else "")
        return str(PHRASES[kind][form]) % {"noun": noun}

    # Shortcuts for templates: {{ crm_objects.organisation.new_label }}
    @property
    def new_label(self) -> str:
        return self.phrase("new")

    @property
    def none_label(self) -> str:
        return self.phrase("none")

    @property
    def phrases(self) -> dict[str, str]:
        """Every phrase by kind, for templates: {{ crm_object.phrases.all }}."""
        return {kind: self.phrase(kind) for kind in PHRASES}

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


def object_settings_for(request) -> ObjectSettings:
    """The settings of the request's workspace, loaded once per request."""
    settings = getattr(request, "_object_settings", None)
    if settings is None:
        settings = ObjectSettings.load(request.tenant)
        request._object_settings = settings
    return settings


def object_settings_forget(request) -> None:
    """After a change within this request: the next ask reloads (one more query)."""
    request._object_settings = None


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
