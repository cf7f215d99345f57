"""/settings/: the workspace admins' pages (labels and workflows have their own URLconfs)."""

from django.urls import path

from workspaces import settings_views as views

app_name = "settings"

urlpatterns = [
    path("", views.objects, name="index"),
    path("objects/", views.objects, name="objects"),
    path("objects/<str:key>/", views.object_update, name="object_update"),
    path("objects/<str:key>/preview/", views.object_preview, name="object_preview"),
    path("fields/", views.fields, name="fields"),
    path("fields/<str:key>/", views.fields_update, name="fields_update"),
    path("workspace/", views.workspace, name="workspace"),
    path("members/", views.members, name="members"),
    path("members/invite/", views.member_invite, name="member_invite"),
    path("members/<int:pk>/role/", views.member_role, name="member_role"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("members/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
]
