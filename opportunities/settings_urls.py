"""/settings/workflows/ (included by crm_project/urls_tenant.py before /settings/).

Workflows belong to opportunities: while Opportunity is disabled these pages answer 404 too.
"""

from django.urls import path

from opportunities import settings_views as views
from workspaces.object_settings import object_enabled

app_name = "workflow_settings"

_routes = [
    path("", views.workflow_list, name="list"),
    path("new/", views.workflow_create, name="create"),
    path("<int:pk>/rename/", views.workflow_rename, name="rename"),
    path("<int:pk>/default/", views.workflow_default, name="default"),
    path("<int:pk>/move/", views.workflow_move, name="move"),
    path("<int:pk>/delete/", views.workflow_delete, name="delete"),
    path("<int:pk>/stages/new/", views.stage_create, name="stage_create"),
    path("<int:pk>/stages/order/", views.stage_order, name="stage_order"),
    path("stages/<int:pk>/edit/", views.stage_update, name="stage_update"),
    path("stages/<int:pk>/move/", views.stage_move, name="stage_move"),
    path("stages/<int:pk>/delete/", views.stage_delete, name="stage_delete"),
]

urlpatterns = [
    path(str(route.pattern), object_enabled("opportunity")(route.callback), name=route.name)
    for route in _routes
]
