"""/settings/labels/ (included by crm_project/urls_tenant.py before /settings/)."""

from django.urls import path

from labels import views

app_name = "label_settings"

urlpatterns = [
    path("", views.labels, name="list"),
    path("new/", views.label_create, name="create"),
    path("<int:pk>/edit/", views.label_update, name="update"),
    path("<int:pk>/delete/", views.label_delete, name="delete"),
]
