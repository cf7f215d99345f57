"""/personal-data/<object>/<id>/: a person's data, for the workspace's admins."""

from django.urls import path

from personal_data import views

app_name = "personal_data"

urlpatterns = [
    path("<str:object_key>/<int:pk>/", views.report, name="report"),
    path("<str:object_key>/<int:pk>/export.json", views.export_json, name="export_json"),
    path("<str:object_key>/<int:pk>/erase/", views.erase, name="erase"),
]
