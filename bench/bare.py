"""A bare Django view, the yardstick of `make bench`: the same gunicorn settings as Carnet
(gunicorn.conf.py), Django with no middleware, no database, no template, one URL.

    .venv/bin/python -m gunicorn -c gunicorn.conf.py bench.bare:application
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse("Hello")


settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    SECRET_KEY="bench",  # noqa: S106 (a yardstick that holds no secret)
)
urlpatterns = [path("", hello)]
application = get_wsgi_application()
