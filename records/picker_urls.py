"""Pickers that belong to no object: the members of the workspace (an owner)."""

from django.urls import path

from records.picker import member_picker_view

urlpatterns = [path("members/", member_picker_view, name="member_picker")]
