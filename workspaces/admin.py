from django.contrib import admin
from django_tenants.admin import TenantAdminMixin

from workspaces import services
from workspaces.models import Domain, Membership, Workspace


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Workspace)
class WorkspaceAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "schema_name", "created"]
    search_fields = ["name", "schema_name"]
    readonly_fields = ["created"]
    inlines = [DomainInline, MembershipInline]

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
