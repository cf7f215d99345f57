"""What the four CRM objects share: `RecordModel`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from records.custom_fields import FieldType, parse
from workspaces.object_settings import OBJECT_TYPES


class RecordModel(models.Model):
    """The fields every record has: an owner, labels, when it was created and changed, and the
    values of the workspace's custom fields."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        # People live in the public schema: an id without a cross-schema constraint, cleared
        # by accounts.services.user_delete.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    labels = models.ManyToManyField(
        "labels.Label", verbose_name=_("labels"), blank=True, related_name="%(app_label)s"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    # Custom field values keyed by the field's stable id, never by its label.
    custom = models.JSONField(_("custom fields"), default=dict, db_default={}, blank=True)

    # The fields str() reads: what a row that names the record (a task of "Mes tâches")
    # needs of it, so that it can read just those.
    name_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def clean(self):
        """Custom values are checked against their field's type (named in the error); values of
        deleted fields are kept until purged."""
        super().clean()
        self.custom = custom_values_clean(self._meta.label, self.custom)

    @property
    def version(self) -> str:
        """Changes on every save: a form sends it back so that a stale edit is caught."""
        return str(int(self.updated.timestamp() * 1_000_000)) if self.updated else ""


class CustomField(models.Model):
    """A field a workspace adds to one of its objects. Records keep its values in
    `RecordModel.custom` under `key`, which never changes (renaming changes no data)."""

    object_key = models.CharField(_("object"), max_length=20)
    key = models.CharField(max_length=20, unique=True, editable=False)
    label_fr = models.CharField(_("name in French"), max_length=80, blank=True)
    label_en = models.CharField(_("name in English"), max_length=80, blank=True)
    field_type = models.CharField(_("type"), max_length=20, choices=FieldType.choices)
    help_text = models.CharField(_("help text"), max_length=200, blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(_("order"), default=0)
    group = models.CharField(_("group"), max_length=80, blank=True)
    # Choice options: [{"id": "o1", "label": "…", "colour": "blue"}]; ids are stable too.
    options = models.JSONField(_("options"), default=list, blank=True)
    shown = models.BooleanField(_("shown"), default=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    class Meta:
        ordering = ["object_key", "position", "pk"]
        indexes = [models.Index(fields=["object_key", "position"], name="customfield_object_pos")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(label_fr="", label_en=""), name="customfield_has_label"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language, else in the other one."""
        first, second = (
            (self.label_en, self.label_fr)
            if (get_language() or "fr").startswith("en")
            else (self.label_fr, self.label_en)
        )
        return first or second

    @property
    def form_name(self) -> str:
        """Its name in forms, filters, sorts and column lists: custom_<key>."""
        return f"custom_{self.key}"


class SavedView(models.Model):
    """A list's filters, sort and columns saved under a name, for its owner or for everyone."""

    object_key = models.CharField(_("object"), max_length=20)
    name = models.CharField(_("name"), max_length=80)
    # People live in the public schema: an id without a cross-schema constraint.
    owner_id = models.BigIntegerField(db_index=True)
    shared = models.BooleanField(_("shared with the workspace"), default=False)
    query = models.CharField(max_length=4000, blank=True)  # the list's query string
    columns = models.JSONField(default=list, blank=True)  # column names; empty: the person's
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["object_key", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class ListPreference(models.Model):
    """Which columns a list shows, and which view opens first: one person's choice, or the
    workspace default (`user_id` empty) set by admins."""

    object_key = models.CharField(max_length=20)
    user_id = models.BigIntegerField(null=True, blank=True)
    columns = models.JSONField(default=list, blank=True)
    default_view = models.ForeignKey(
        SavedView, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["object_key", "user_id"],
                name="listpreference_one_per_person",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_key} columns ({self.user_id or 'workspace'})"


def object_key_of(model_label: str) -> str:
    for key, object_type in OBJECT_TYPES.items():
        if object_type.model_label == model_label:
            return key
    return ""


def custom_values_clean(model_label: str, values) -> dict:
    """`values` with each live field's value parsed to its stored form; ValidationError
    (on `custom`, naming the fields) when some do not fit."""
    if not isinstance(values, dict):
        raise ValidationError({"custom": _("Custom values must be a mapping.")})
    if not values:
        return {}
    definitions = {
        f.key: f
        for f in CustomField.objects.filter(
            object_key=object_key_of(model_label), key__in=list(values), deleted_at__isnull=True
        )
    }
    cleaned, errors = {}, []
    for key, value in values.items():
        field = definitions.get(key)
        if field is None:
            cleaned[key] = value  # a deleted field's value, kept until the purge
            continue
        try:
            parsed = parse(field, value)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if parsed is not None:
            cleaned[key] = parsed
    if errors:
        raise ValidationError({"custom": errors})
    return cleaned
