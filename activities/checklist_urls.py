"""/settings/checklists/: checklist templates per object (admins)."""

from django.urls import path

from activities import checklist_views as views

app_name = "checklist_settings"

urlpatterns = [
    path("", views.templates, name="list"),
    path("<int:pk>/", views.template_update, name="update"),
    path("<int:pk>/delete/", views.template_delete, name="delete"),
]
