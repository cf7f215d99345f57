from django.urls import path

from records.commands import keyboard_view, palette_view
from records.global_search import search_view

urlpatterns = [
    path("", search_view, name="search"),
    path("palette/", palette_view, name="palette"),  # the command palette (Ctrl/Cmd-K)
    path("keyboard/", keyboard_view, name="keyboard"),  # its dialog and the shortcuts' help
]
