from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django_tenants.admin import TenantAdminMixin

from workspaces import services
from workspaces.models import Domain, Invitation, Membership, ObjectSetting, Workspace
from workspaces.object_settings_services import clean_gender, clean_hidden_fields, clean_names


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class ObjectSettingAdminForm(forms.ModelForm):
    """The same rules as the settings pages (workspaces.object_settings_services)."""

    class Meta:
        model = ObjectSetting
        fields = [
            "object",
            "enabled",
            "singular",
            "plural",
            "gender",
            "singular_en",
            "plural_en",
            "hidden_fields",
        ]

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["singular"], cleaned["plural"] = clean_names(
                singular=cleaned.get("singular", ""), plural=cleaned.get("plural", "")
            )
            cleaned["singular_en"], cleaned["plural_en"] = clean_names(
                singular=cleaned.get("singular_en", ""), plural=cleaned.get("plural_en", "")
            )
            cleaned["gender"] = clean_gender(cleaned.get("gender", ""))
            if cleaned.get("object"):
                cleaned["hidden_fields"] = clean_hidden_fields(
                    key=cleaned["object"], hidden_fields=cleaned.get("hidden_fields") or []
                )
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return cleaned


class ObjectSettingInline(admin.TabularInline):
    """How the workspace uses each object; a missing row means "enabled, default names"."""

    model = ObjectSetting
    form = ObjectSettingAdminForm
    extra = 0
    max_num = 4


@admin.register(Workspace)
class WorkspaceAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "schema_name", "require_two_factor", "created"]
    list_filter = ["require_two_factor"]
    search_fields = ["name", "schema_name"]
    readonly_fields = ["created"]
    inlines = [DomainInline, MembershipInline, ObjectSettingInline]

    def get_readonly_fields(self, request, obj=None):
        # The slug is the schema's name: it cannot change once the schema exists.
        return [*self.readonly_fields, "schema_name"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.workspace_provision(workspace=obj)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "workspace", "role", "created"]
    list_filter = ["role"]
    search_fields = ["user__email", "workspace__name", "workspace__schema_name"]
    autocomplete_fields = ["user", "workspace"]
    list_select_related = ["user", "workspace"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are created from the workspace's settings; operators only look or delete."""

    list_display = ["email", "workspace", "role", "invited_by", "created", "expires", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "workspace__name", "workspace__schema_name"]
    list_select_related = ["workspace", "invited_by"]
    readonly_fields = ["token_hash", "created", "accepted_at", "invited_by"]
    fields = ["workspace", "email", "role", "expires", "invited_by", "created", "accepted_at"]

    def has_add_permission(self, request):
        return False  # a token is only ever shown in the email the settings page sends
