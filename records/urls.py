from django.urls import path

from records.global_search import search_view

urlpatterns = [path("", search_view, name="search")]
