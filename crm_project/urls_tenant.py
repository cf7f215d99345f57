"""URLs of a workspace host (<slug>.BASE_DOMAIN): the CRM itself.

Every view here goes through workspaces.access.WorkspaceAccessMiddleware: anonymous visitors are
sent to login, non-members get 404, viewers cannot write. Object pages also check that their
object is enabled (workspaces.object_settings.object_enabled).
"""

from django.urls import include, path

from activities.urls import page_urlpatterns as activity_pages
from workspaces import views as workspace_views

urlpatterns = [
    path("", workspace_views.dashboard, name="home"),
    path("organisations/", include("organisations.urls")),
    path("contacts/", include("contacts.urls")),
    path("opportunities/", include("opportunities.urls")),
    path("prospects/", include("prospects.urls")),
    path("search/", include("records.urls")),  # global search (records.global_search)
    path("pickers/", include("records.picker_urls")),  # link fields' pickers (issue 14)
    path("activities/", include("activities.urls")),  # notes, tasks, timeline (issue 10)
    path("", include(activity_pages)),  # /tasks/
    path("imports/", include("imports.urls")),  # spreadsheets in (issue 11)
    path("notifications/", include("notifications.urls")),  # any app may notify someone
    path("settings/workflows/", include("opportunities.settings_urls")),
    path("settings/labels/", include("labels.settings_urls")),
    path("settings/checklists/", include("activities.checklist_urls")),  # issue 10
    path("settings/custom-fields/", include("records.settings_urls")),
    path("settings/personal-data/", include("personal_data.settings_urls")),  # GDPR log
    path("personal-data/", include("personal_data.urls")),  # a person's data (GDPR)
    path("settings/", include("workspaces.settings_urls")),
    path("", include("workspaces.membership_urls")),
    # Signed in from another host (workspaces.handoff): redeem, and go from here to another.
    path("accounts/handoff/", workspace_views.handoff, name="handoff"),
    path("workspaces/<slug:slug>/enter/", workspace_views.workspace_enter, name="workspace_enter"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("crm_project.urls_i18n")),
]
