"""Settings come from the environment with safe defaults.

ZONEDESK_ENV selects the profile:
- ``production`` (the default): DEBUG off, a secret key and allowed hosts are required,
  and a missing one stops start-up with a message that names the variable.
- ``demo``: what ``make run`` uses; a secret key is generated once into var/secret_key.
- ``test``: what the test suite uses.

Business parameters (SLA hours, warning thresholds, credit threshold) live in the
database where the zone can change them; only deployment facts live here.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZONEDESK_VAR_DIR", BASE_DIR / "var"))

ENV = os.environ.get("ZONEDESK_ENV", "production").strip() or "production"
if ENV not in {"production", "demo", "test"}:
    raise ImproperlyConfigured(f"ZONEDESK_ENV must be production, demo or test, not {ENV!r}")


def env_str(name: str, default: str = "") -> str:
    # An empty variable counts as unset: CI systems export empty values freely.
    value = os.environ.get(name, "").strip()
    return value or default


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_bool(name: str, default: bool = False) -> bool:
    raw = env_str(name).lower()
    if not raw:
        return default
    return raw in {"1", "true", "yes", "on"}


DEBUG = env_bool("ZONEDESK_DEBUG", False)


def _secret_key() -> str:
    key = env_str("ZONEDESK_SECRET_KEY")
    if key:
        return key
    if ENV == "production":
        raise ImproperlyConfigured(
            "ZONEDESK_SECRET_KEY is not set. Production needs its own secret key: generate one "
            "with `python -c 'import secrets; print(secrets.token_urlsafe(50))'` and export it."
        )
    if ENV == "test":
        return "test-only-secret-key-not-for-production"
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

if ENV == "production":
    hosts = env_str("ZONEDESK_ALLOWED_HOSTS")
    if not hosts:
        raise ImproperlyConfigured(
            "ZONEDESK_ALLOWED_HOSTS is not set. List the host names this deployment answers to, "
            "separated by commas (e.g. zonedesk.example.gov.cn)."
        )
    ALLOWED_HOSTS = [h.strip() for h in hosts.split(",") if h.strip()]
else:
    ALLOWED_HOSTS = [h.strip() for h in env_str("ZONEDESK_ALLOWED_HOSTS", "*").split(",")]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "zonedesk.core",
    "zonedesk.organisation",
    "zonedesk.audit",
    "zonedesk.workdays",
    "zonedesk.parks",
    "zonedesk.enterprises",
    "zonedesk.files",
    "zonedesk.agency",
    "zonedesk.certificates",
    "zonedesk.approvals",
    "zonedesk.appeals",
    "zonedesk.projects",
    "zonedesk.dashboard",
    "zonedesk.cultivation",
    "zonedesk.policies",
    "zonedesk.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zonedesk.core.middleware.ContentSecurityPolicyMiddleware",
    "zonedesk.core.middleware.ApiJsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zonedesk.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "zonedesk.urls"
WSGI_APPLICATION = "zonedesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zonedesk" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "zonedesk.core.context_processors.shell",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    sqlite_path = env_str("ZONEDESK_SQLITE_PATH", str(VAR_DIR / "zonedesk.sqlite3"))
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": sqlite_path,
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so two processes
                # (web and worker) cannot both read the audit chain head and then both append.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisation.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench"
LOGOUT_REDIRECT_URL = "login"

# --- security (等保 2.0 level 3) ---------------------------------------------------------
LOGIN_MAX_FAILURES = env_int("ZONEDESK_LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_MINUTES = env_int("ZONEDESK_LOGIN_LOCKOUT_MINUTES", 30)
SESSION_IDLE_MINUTES = env_int("ZONEDESK_SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Saving on every request turns the cookie age into an idle timeout.
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = env_bool("ZONEDESK_HTTPS", ENV == "production")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("ZONEDESK_HSTS_SECONDS", 31536000)
CSRF_TRUSTED_ORIGINS = [o for o in env_str("ZONEDESK_CSRF_TRUSTED_ORIGINS").split(",") if o]
API_TOKEN_DAYS = env_int("ZONEDESK_API_TOKEN_DAYS", 7)
# Behind a reverse proxy the client address is the first hop of X-Forwarded-For.
TRUST_X_FORWARDED_FOR = env_bool("ZONEDESK_TRUST_X_FORWARDED_FOR", False)

PASSWORD_MIN_LENGTH = env_int("ZONEDESK_PASSWORD_MIN_LENGTH", 12)
PASSWORD_MIN_CLASSES = env_int("ZONEDESK_PASSWORD_MIN_CLASSES", 2)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "zonedesk.organisation.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CLASSES},
    },
]

# --- audit ----------------------------------------------------------------------------
AUDIT_MIN_RETENTION_DAYS = 184
AUDIT_RETENTION_DAYS = env_int("ZONEDESK_AUDIT_RETENTION_DAYS", AUDIT_MIN_RETENTION_DAYS)
if AUDIT_RETENTION_DAYS < AUDIT_MIN_RETENTION_DAYS:
    raise ImproperlyConfigured(
        f"ZONEDESK_AUDIT_RETENTION_DAYS={AUDIT_RETENTION_DAYS} is below the 184 days "
        "that GB/T 22239-2019 level 3 requires; audit records must be kept at least 184 days."
    )

# --- i18n -----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static and uploaded files ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("ZONEDESK_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "zonedesk" / "static"]
STORAGES = {
    # Uploaded files live outside the web root; they are served only through views
    # that check who is asking.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env_str("ZONEDESK_MEDIA_ROOT", str(VAR_DIR / "files"))},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if ENV == "test"
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
UPLOAD_MAX_BYTES = env_int("ZONEDESK_UPLOAD_MAX_MB", 20) * 1024 * 1024
# Absolute base of public links printed on documents (the QR code of an e-certificate).
ZONEDESK_PUBLIC_BASE_URL = env_str("ZONEDESK_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Optional TrueType font (.ttf/.ttc) for PDFs; the default ships with the requirements.
ZONEDESK_PDF_FONT = env_str("ZONEDESK_PDF_FONT")
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES

# --- cache and background work ----------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    TASKS = {
        "default": {
            "BACKEND": (
                "django_tasks.backends.immediate.ImmediateBackend"
                if ENV == "test"
                else "django_tasks_db.DatabaseBackend"
            )
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ZONEDESK_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

NINJA_PAGINATION_PER_PAGE = 20
ZONEDESK_DEFAULT_ZONE = env_str("ZONEDESK_DEFAULT_ZONE", "LY")
