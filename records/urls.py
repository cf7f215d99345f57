from django.urls import path

from records.commands import palette_view
from records.global_search import search_view

urlpatterns = [
    path("", search_view, name="search"),
    path("palette/", palette_view, name="palette"),  # the command palette (Ctrl/Cmd-K)
]
