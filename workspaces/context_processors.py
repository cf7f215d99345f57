from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from workspaces.object_settings import object_settings_for


def workspace(request):
    """The current workspace, the person's role in it, and links to their other workspaces.

    Only for members: to anyone else a workspace page must not reveal that the workspace exists.
    """
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}

    def switcher_entries():
        return [
            {
                "name": m.workspace.name,
                # Through workspaces.handoff: the person arrives there signed in.
                "url": "/"
                if m.workspace_id == request.tenant.pk
                else reverse("workspace_enter", args=[m.workspace.slug]),
                "current": m.workspace_id == request.tenant.pk,
            }
            for m in request.memberships  # read once by WorkspaceAccessMiddleware
        ]

    crm_objects = SimpleLazyObject(lambda: object_settings_for(request))
    return {
        "workspace": request.tenant,
        "membership": membership,
        "my_workspaces": SimpleLazyObject(switcher_entries),
        "crm_objects": crm_objects,
        "nav_entries": SimpleLazyObject(lambda: crm_objects.navigation),
    }
