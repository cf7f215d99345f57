"""Test settings: the real settings, with faster password hashing and static files from finders."""

from crm_project.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The browser journeys' server threads must not keep connections open past their request.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
