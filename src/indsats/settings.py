"""Django settings for Indsats.

Kept small on purpose: policy (hourly rates, price levels, reporting intervals) lives in the
database. Everything configurable is an environment variable, documented in docs/operations.md.
"""

import os
import secrets
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
    "indsats.notifications",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "indsats.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=60)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "indsats.sqlite3",
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
if ENV == "production":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("INDSATS_LOG_LEVEL", "WARNING")},
}

if ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

warnings.filterwarnings("ignore", message=".*pkg_resources.*")
