"""/settings/personal-data/: the personal-data log (admins, read only)."""

from django.urls import path

from personal_data import views

app_name = "personal_data_settings"

urlpatterns = [path("", views.log, name="log")]
