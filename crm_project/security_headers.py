"""Response headers that Django's SecurityMiddleware and django-csp do not set.

- `Permissions-Policy` on every response: camera, microphone, geolocation… are off.
- `Cache-Control: private, no-store` on every response to a signed-in person (pages, HTMX
  fragments, CSV exports): a shared cache or the browser's back-forward history on a shared
  computer must not keep a workspace's data. Static files are served before this middleware runs
  and stay cacheable.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
