"""/settings/custom-fields/ (included by crm_project/urls_tenant.py before /settings/)."""

from django.urls import path

from records import settings_views as views

app_name = "custom_field_settings"

urlpatterns = [
    path("<slug:key>/", views.custom_fields, name="list"),
    path("<slug:key>/<int:pk>/", views.custom_field_edit, name="update"),
    path("<slug:key>/<int:pk>/delete/", views.custom_field_remove, name="delete"),
    path("<slug:key>/<int:pk>/restore/", views.custom_field_bring_back, name="restore"),
    path("<slug:key>/<int:pk>/purge/", views.custom_field_erase, name="purge"),
]
