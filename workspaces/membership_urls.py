"""Workspace-host URLs about the person's place in the workspace (not under /settings/)."""

from django.urls import path

from workspaces import membership_views as views

urlpatterns = [
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("leave/", views.workspace_leave, name="workspace_leave"),
]
