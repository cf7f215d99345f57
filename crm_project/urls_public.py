"""URLs of the public host (BASE_DOMAIN): sign-up, login, the workspace chooser, the admin."""

from django.contrib import admin
from django.urls import include, path

from workspaces import views as workspace_views

urlpatterns = [
    path("", workspace_views.public_home, name="home"),
    path("signup/", workspace_views.signup, name="signup"),
    path("workspaces/", workspace_views.chooser, name="workspace_chooser"),
    path("workspaces/<slug:slug>/enter/", workspace_views.workspace_enter, name="workspace_enter"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("crm_project.urls_i18n")),
    path("admin/", admin.site.urls),
]
