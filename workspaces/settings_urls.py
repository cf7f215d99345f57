"""/settings/: the workspace admins' pages (workspaces.settings_views, labels.views)."""

from django.urls import path

from labels import views as label_views
from workspaces import settings_views as views

app_name = "settings"

urlpatterns = [
    path("", views.objects, name="index"),
    path("objects/", views.objects, name="objects"),
    path("objects/<str:key>/", views.object_update, name="object_update"),
    path("objects/<str:key>/preview/", views.object_preview, name="object_preview"),
    path("fields/", views.fields, name="fields"),
    path("fields/<str:key>/", views.fields_update, name="fields_update"),
    path("labels/", label_views.labels, name="labels"),
    path("labels/new/", label_views.label_create, name="label_create"),
    path("labels/<int:pk>/edit/", label_views.label_update, name="label_update"),
    path("labels/<int:pk>/delete/", label_views.label_delete, name="label_delete"),
    path("members/", views.members, name="members"),
    path("members/invite/", views.member_invite, name="member_invite"),
    path("members/<int:pk>/role/", views.member_role, name="member_role"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("members/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
]
