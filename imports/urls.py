from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.batch_page, name="batch"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/rejected.csv", views.rejected, name="rejected"),
    path("<int:pk>/undo/", views.undo, name="undo"),
]
