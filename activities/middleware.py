"""Who changed a record and through which channel, for the history's triggers.

Every request runs inside `pghistory.context(user=…, channel=…)`: each write of the request
carries it to the triggers (activities.history_models), bulk `update()` included. The channel
is named from the view that answers: a list's bulk action, a board move, a prospect's
conversion, an inline change on a record page, a personal-data erasure, or a form. Writes
outside workspace requests (shell, management commands, the operators' admin on the public
host) carry no context and show as "outside the application".
"""

from __future__ import annotations

import pghistory

from workspaces.access import is_workspace_host

# (URL namespace or "", URL name) -> channel; the first match wins.
CHANNELS = [
    (("", "bulk"), "bulk"),
    (("opportunities", "move"), "board"),
    (("opportunities", "won"), "board"),
    (("opportunities", "lost"), "board"),
    (("prospects", "convert"), "conversion"),
    (("", "labels"), "inline"),
    (("", "field"), "inline"),  # click-to-edit of one field (records.inline_edit)
    (("prospects", "status"), "inline"),
    (("imports", ""), "import"),  # an import's pages: its undo
    (("personal_data", "erase"), "erasure"),
]


def channel_for(resolver_match) -> str:
    namespace = resolver_match.namespace if resolver_match else ""
    name = resolver_match.url_name if resolver_match else ""
    for (want_namespace, want_name), channel in CHANNELS:
        if (not want_namespace or want_namespace == namespace) and (
            not want_name or want_name == name
        ):
            return channel
    return "form"


class HistoryContextMiddleware:
    """Put every request's writes in a history context (user, channel)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The public host writes no records (its SQL, such as a new workspace's schema
        # cloning, must not carry the context's parameters).
        if request.method in {"GET", "HEAD", "OPTIONS"} or not is_workspace_host(request):
            return self.get_response(request)
        with pghistory.context(channel="form"):
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in {"GET", "HEAD", "OPTIONS"} or not is_workspace_host(request):
            return None
        user = getattr(request, "user", None)
        pghistory.context(
            user=user.pk if user is not None and user.is_authenticated else None,
            channel=channel_for(request.resolver_match),
        )
        return None
