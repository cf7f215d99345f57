import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.utils import schema_exists

from workspaces.schemas import schema_clone, spare_claim
from workspaces.validators import (
    validate_single_line,
    validate_time_zone,
    validate_workspace_slug,
)


class Workspace(TenantMixin):
    """One team's private CRM. Its slug is the name of its PostgreSQL schema and its sub-domain."""

    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    created = models.DateTimeField(_("created"), auto_now_add=True)
    require_two_factor = models.BooleanField(
        _("require two-factor authentication"),
        default=False,
        help_text=_("Members must confirm each sign-in with a code from an authenticator app."),
    )
    # Days, months and the morning digest follow it: a task due "today", a contact created on
    # the last evening of a month, a period picked on a statistics page. Empty: the server's.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Paris",
        blank=True,
        validators=[validate_time_zone],
    )
    # Changed by the database on any write to the workspace's object settings (migration
    # 0009_settings_version): a worker that reads the workspace with a request's host knows at
    # once whether the settings it keeps (workspaces.object_settings) are still current.
    settings_version = models.BigIntegerField(default=0, editable=False)

    auto_create_schema = True
    # Deleting the row keeps the schema: an operator's slip must never destroy a team's data.
    auto_drop_schema = False

    class Meta:
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")
        ordering = ["name"]

    def __str__(self):
        return self.name or self.schema_name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone or settings.TIME_ZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def create_schema(self, check_if_exists=False, sync_schema=True, verbosity=1):
        """Rename a spare schema cloned ahead, or else clone the template schema (see
        workspaces.schemas): no function re-created in this transaction, no migrations
        replayed, since the template's applied migrations come with the copy."""
        template = self.get_base_schema()
        if not (sync_schema and template and schema_exists(template)):
            return super().create_schema(check_if_exists, sync_schema, verbosity)
        if schema_exists(self.schema_name):
            if check_if_exists:
                return False
            raise ValidationError(_("This address is already taken."))
        if not spare_claim(schema=self.schema_name):  # none ready: clone now
            schema_clone(template=template, schema=self.schema_name, mode=self.clone_mode)
        connection.set_schema_to_public()
        return True

    def clean(self):
        super().clean()
        if self._state.adding:
            try:
                validate_workspace_slug(self.schema_name)
            except ValidationError as error:
                raise ValidationError({"schema_name": error.messages}) from error

    @property
    def slug(self) -> str:
        return self.schema_name

    @property
    def host(self) -> str:
        return f"{self.schema_name}.{settings.BASE_DOMAIN}"

    def url(self, request, path: str = "/") -> str:
        """The address of `path` in this workspace, seen from `request` (same scheme and port)."""
        port = request.get_port()
        default_port = "443" if request.is_secure() else "80"
        netloc = self.host if port in (default_port, None, "") else f"{self.host}:{port}"
        return f"{request.scheme}://{netloc}{path}"


class SpareSchema(models.Model):
    """A schema cloned ahead from the template, renamed to a new workspace's slug when one is
    created (workspaces.schemas.spare_claim). Not a workspace: no row in Workspace, no domain,
    no member, so no page, list, job or admin ever sees it."""

    schema_name = models.CharField(max_length=63, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.schema_name


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    """A user's place in a workspace, with one role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("workspace")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "user"], name="workspaces_membership_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.workspace} ({self.get_role_display()})"

    @property
    def can_write(self) -> bool:
        return self.role in (Role.ADMIN, Role.MEMBER)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class CrmObjectKey(models.TextChoices):
    """The four objects of the CRM, which each workspace may switch off and rename."""

    ORGANISATION = "organisation", _("Organisation")
    CONTACT = "contact", _("Contact")
    OPPORTUNITY = "opportunity", _("Opportunity")
    PROSPECT = "prospect", _("Prospect")


class Gender(models.TextChoices):
    MASCULINE = "m", _("masculine")
    FEMININE = "f", _("feminine")


class ObjectSetting(models.Model):
    """How one workspace uses one object: on or off, its name, the optional fields it shows.

    `singular`, `plural` and `gender` are the French name; `singular_en` and `plural_en` the
    English one (English nouns have no gender). A reader sees the name of their language, else
    the other language's, else the default name of their language. Read it through
    workspaces.object_settings, never directly.
    """

    workspace = models.ForeignKey(
        Workspace,
        on_delete=models.CASCADE,
        related_name="object_settings",
        verbose_name=_("workspace"),
    )
    object = models.CharField(_("object"), max_length=20, choices=CrmObjectKey.choices)
    enabled = models.BooleanField(_("enabled"), default=True)
    singular = models.CharField(_("singular name in French"), max_length=40, blank=True)
    plural = models.CharField(_("plural name in French"), max_length=40, blank=True)
    gender = models.CharField(
        _("grammatical gender in French"), max_length=1, choices=Gender.choices, blank=True
    )
    singular_en = models.CharField(_("singular name in English"), max_length=40, blank=True)
    plural_en = models.CharField(_("plural name in English"), max_length=40, blank=True)
    hidden_fields = models.JSONField(_("hidden fields"), default=list, blank=True)

    class Meta:
        verbose_name = _("object setting")
        verbose_name_plural = _("object settings")
        ordering = ["workspace", "object"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "object"], name="workspaces_object_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(gender__in=["", "m", "f"]), name="workspaces_object_gender"
            ),
        ]

    def __str__(self):
        return f"{self.workspace} · {self.get_object_display()}"


def invitation_expiry():
    return timezone.now() + timedelta(days=Invitation.VALID_DAYS)


class Invitation(models.Model):
    """An invitation to join a workspace, sent by email as a single-use link.

    Only a hash of the token is kept: the link in the email is the one place the token exists.
    """

    VALID_DAYS = 7

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("workspace")
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateTimeField(_("expires"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created"]
        indexes = [models.Index(fields=["workspace", "email"], name="workspaces_invitation_email")]

    def __str__(self):
        return f"{self.email} → {self.workspace}"


class SignInHandoff(models.Model):
    """A single-use pass that carries a signed-in person from one host to a workspace host.

    Each host has its own session cookie: the public host (or another workspace) signs a token
    naming this row, and the workspace host opens a session when it redeems it (the row is
    deleted then). Only the nonce travels; it is worthless once used or after HANDOFF_SECONDS.
    """

    nonce = models.CharField(_("nonce"), max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    # The second factor that confirmed the session it came from ("" for none): the arriving
    # session is confirmed by the same device, or asks for a code.
    otp_device = models.CharField(_("second factor"), max_length=255, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("sign-in hand-off")
        verbose_name_plural = _("sign-in hand-offs")
        indexes = [models.Index(fields=["created"], name="workspaces_handoff_created")]

    def __str__(self):
        return f"{self.user} → {self.workspace}"
