from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_protect

from accounts import services
from accounts.forms import UserAdminChangeForm, UserAdminCreationForm
from accounts.models import User
from workspaces.models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["workspace"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    actions = ["unlock_sign_in"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["full_name"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]

    @method_decorator(csrf_protect)
    def delete_view(self, request, object_id, extra_context=None):
        # Not inside the one transaction Django's admin opens around a deletion: deleting an
        # account commits workspace by workspace (accounts.services.user_delete).
        return self._delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        services.user_delete(user=obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.user_delete(user=user)

    @admin.action(description=_("Unlock sign-in (forget failed attempts)"))
    def unlock_sign_in(self, request, queryset):
        count = sum(services.sign_in_unlock(email=user.email) > 0 for user in queryset)
        self.message_user(
            request,
            ngettext("%(count)d account unlocked.", "%(count)d accounts unlocked.", count)
            % {"count": count},
        )

    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
