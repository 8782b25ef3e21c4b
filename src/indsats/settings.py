"""Django settings for Indsats.

Kept small on purpose: policy (hourly rates, price levels, reporting intervals) lives in the
database. Everything configurable is an environment variable, documented in docs/operations.md.
"""

import datetime as dt
import os
import secrets
import tempfile
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
ENV = os.environ.get("INDSATS_ENV", "development")  # development | test | production
DATA_DIR = Path(os.environ.get("INDSATS_DATA_DIR", Path.cwd() / "data")).resolve()


def _secret_key() -> str:
    key = os.environ.get("INDSATS_SECRET_KEY")
    if key:
        return key
    if ENV == "production":
        raise ImproperlyConfigured("INDSATS_SECRET_KEY must be set when INDSATS_ENV=production.")
    if ENV == "test":
        return "test-only-secret-key-not-for-production"
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("INDSATS_DEBUG", "0") == "1"
ALLOWED_HOSTS = [
    h for h in os.environ.get("INDSATS_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("INDSATS_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "indsats.core",
    "indsats.organisations",
    "indsats.initiatives",
    "indsats.budgets",
    "indsats.indicators",
    "indsats.followup",
    "indsats.casebank",
    "indsats.students",
    "indsats.strategies",
    "indsats.reports",
    "indsats.api",
    "indsats.accounts",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "indsats.notifications",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "indsats.core.middleware.LanguageMiddleware",
    "indsats.core.middleware.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "indsats.core.middleware.InUseMiddleware",
    "indsats.accounts.middleware.SessionTimeoutMiddleware",
    "indsats.accounts.middleware.TwoFactorMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "indsats.urls"
WSGI_APPLICATION = "indsats.wsgi.application"

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
                "indsats.core.context_processors.navigation",
            ],
            "builtins": ["indsats.core.templatetags.danish"],
        },
    }
]


# Every SQLite connection, however the database was named: WAL lets readers run beside the
# writer, busy_timeout makes a second writer wait instead of failing with "database is locked",
# and BEGIN IMMEDIATE takes the write lock when a transaction starts (a deferred transaction
# that reads and then writes cannot wait for the lock; SQLite fails it at once).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
}


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60)
    else:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "indsats.sqlite3"}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "indsats.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): 5 wrong passwords in a row for one user name from one address
# are answered as wrong; the 6th locks that pair out for INDSATS_LOCKOUT_MINUTES, during which
# every attempt, right or wrong, is refused with the same page whether the account exists or not.
AXES_FAILURE_LIMIT = 6
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("INDSATS_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Two-factor (TOTP with recovery codes) for local accounts: required for administrators and
# members with student-data access. On by default in production; INDSATS_TWO_FACTOR_REQUIRED=1
# turns it on elsewhere (the demo leaves it off so its users log in with the printed password).
TWO_FACTOR_REQUIRED = (
    os.environ.get("INDSATS_TWO_FACTOR_REQUIRED", "1" if ENV == "production" else "0") == "1"
)
OTP_TOTP_ISSUER = "Indsats"
# Sessions: at most INDSATS_SESSION_HOURS from login (absolute), and ended after the
# organisation's idle timeout (Organisation.session_idle_minutes) without a request.
SESSION_COOKIE_AGE = int(os.environ.get("INDSATS_SESSION_HOURS", "10")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
if ENV != "production":
    STATIC_ROOT.mkdir(
        parents=True, exist_ok=True
    )  # WhiteNoise serves from finders; avoid its warning
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "media"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Content-Security-Policy on every response: scripts only from our own static files (no inline
# script, no CDN). Styles allow inline: templates and SVG charts use style attributes, and
# htmx and Swagger UI insert <style> elements.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The installation's accessibility statement (tilgængelighedserklæring), linked in the footer.
ACCESSIBILITY_URL = os.environ.get("INDSATS_ACCESSIBILITY_URL", "")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
if ENV == "production":
    _refusals = []
    if DEBUG:
        _refusals.append("INDSATS_DEBUG=1 shows Django's debug pages; never in production.")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        _refusals.append(
            "INDSATS_SECRET_KEY must be at least 50 characters, and random "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if not os.environ.get("INDSATS_ALLOWED_HOSTS", "").strip():
        _refusals.append("INDSATS_ALLOWED_HOSTS must name the host(s) the server answers to.")
    if _refusals:
        raise ImproperlyConfigured(
            "INDSATS_ENV=production refuses to start: " + " ".join(_refusals)
        )
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Behind the TLS-terminating proxy of docs/operations.md: it says the request came over
    # HTTPS in X-Forwarded-Proto (and must overwrite whatever a client sent in that header).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("INDSATS_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True  # only a header; a subdomain cannot be on the preload list

# E-mail (docs/operations.md): SMTP when INDSATS_SMTP_HOST is set, else printed to the console.
EMAIL_HOST = os.environ.get("INDSATS_SMTP_HOST", "")
EMAIL_PORT = int(os.environ.get("INDSATS_SMTP_PORT") or 25)
EMAIL_HOST_USER = os.environ.get("INDSATS_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("INDSATS_SMTP_PASSWORD", "")
_smtp_tls = os.environ.get("INDSATS_SMTP_TLS", "").lower()  # "", starttls | ssl
if _smtp_tls not in {"", "0", "starttls", "ssl"}:
    raise ImproperlyConfigured("INDSATS_SMTP_TLS must be empty, 'starttls' or 'ssl'.")
EMAIL_USE_TLS = _smtp_tls == "starttls"
EMAIL_USE_SSL = _smtp_tls == "ssl"
EMAIL_TIMEOUT = 15
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("INDSATS_FROM_EMAIL", "Indsats <indsats@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address links in e-mails start with (no request to take it from).
SITE_URL = os.environ.get("INDSATS_SITE_URL", "http://localhost:8000").rstrip("/")

# Background work (django-tasks): with INDSATS_WORKER=1 tasks wait in the database for
# `indsats manage db_worker`; otherwise they run at once in the process that enqueues them.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if os.environ.get("INDSATS_WORKER", "0") == "1"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Report files rendered by the worker (reports.files), kept per organisation; the tests use a
# folder of their own.
REPORT_FILES_DIR = Path(
    os.environ.get(
        "INDSATS_REPORT_FILES_DIR",
        Path(tempfile.gettempdir()) / f"indsats-test-report-files-{os.getpid()}"
        if ENV == "test"
        else DATA_DIR / "report-files",
    )
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("INDSATS_LOG_LEVEL", "WARNING")},
}

if ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

warnings.filterwarnings("ignore", message=".*pkg_resources.*")
