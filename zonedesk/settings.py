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
    "health_check",
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
    "zonedesk.commitments",
    "zonedesk.land",
    "zonedesk.dashboard",
    "zonedesk.appraisal",
    "zonedesk.research",
    "zonedesk.partybuilding",
    "zonedesk.notifications",
    "zonedesk.scheduler",
    "zonedesk.casefiles",
    "zonedesk.cultivation",
    "zonedesk.policies",
    "zonedesk.indicators",
    "zonedesk.demo",
]

MIDDLEWARE = [
    "zonedesk.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "zonedesk.core.middleware.ContentSecurityPolicyMiddleware",
    "zonedesk.core.middleware.ApiJsonErrorsMiddleware",
    "zonedesk.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zonedesk.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zonedesk.core.middleware.SessionTouchMiddleware",
    "zonedesk.audit.denied.DeniedAccessAuditMiddleware",
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
                "zonedesk.notifications.context_processors.unread",
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
# A PostgreSQL streaming replica for dashboards, reports, exports and rate pages
# (zonedesk/core/replica.py; bench/replica.sh makes a local one). Tests mirror it to default
# unless ZONEDESK_REPLICA_TEST_REAL is set, when they read the real standby.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    if not env_str("ZONEDESK_REPLICA_TEST_REAL"):
        DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["zonedesk.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisation.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench"
LOGOUT_REDIRECT_URL = "login"

# --- security (等保 2.0 level 3) ---------------------------------------------------------
LOGIN_MAX_FAILURES = env_int("ZONEDESK_LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_MINUTES = env_int("ZONEDESK_LOGIN_LOCKOUT_MINUTES", 30)
# Two factors (TOTP) are required of every user holding one of these roles (等保 2.0 level 3:
# administrators and staff); anyone may enrol voluntarily. Production defaults to the three
# administrators; add staff roles (window_clerk, reviewer, …) as the zone rolls it out.
MFA_REQUIRED_ROLES = {r.strip() for r in env_str(
    "ZONEDESK_MFA_REQUIRED_ROLES",
    "system_admin,security_admin,audit_admin" if ENV == "production" else "").split(",") if r.strip()}
MFA_ISSUER = env_str("ZONEDESK_MFA_ISSUER", "zonedesk")
# Throttles on the shared cache (attempts per window of seconds): sign-in and token requests
# per client address and per account name, the public verification page per address.
THROTTLE_LOGIN_IP = (env_int("ZONEDESK_THROTTLE_LOGIN_IP", 10), 300)
THROTTLE_LOGIN_ACCOUNT = (env_int("ZONEDESK_THROTTLE_LOGIN_ACCOUNT", 10), 300)
THROTTLE_PUBLIC_IP = (env_int("ZONEDESK_THROTTLE_PUBLIC_IP", 60), 60)
# A browser that completed a sign-in is a known device for LOGIN_DEVICE_DAYS: the lockout and
# the per-account throttle do not apply to it (so guessing cannot lock the user out), only
# its own throttle per device (organisation/devices.py).
LOGIN_DEVICE_DAYS = env_int("ZONEDESK_LOGIN_DEVICE_DAYS", 90)
THROTTLE_LOGIN_DEVICE = (env_int("ZONEDESK_THROTTLE_LOGIN_DEVICE", 5), 900)
# Single sign-on to the province's 统一身份认证 (organisation/sso.py, docs/security.md). Each is
# on when its server is configured; a zone user is matched once by a claim, then by the
# provider's subject. OpenID Connect through mozilla-django-oidc, CAS through python-cas.
SSO_OIDC_ENABLED = bool(env_str("ZONEDESK_OIDC_CLIENT_ID"))
OIDC_RP_CLIENT_ID = env_str("ZONEDESK_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("ZONEDESK_OIDC_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("ZONEDESK_OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("ZONEDESK_OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("ZONEDESK_OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("ZONEDESK_OIDC_JWKS_ENDPOINT") or None
# HS256 signs the ID token with the client secret; RS256/ES256 need the provider's JWKS.
OIDC_RP_SIGN_ALGO = env_str("ZONEDESK_OIDC_SIGN_ALGO", "HS256")
OIDC_RP_SCOPES = env_str("ZONEDESK_OIDC_SCOPES", "openid profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_CREATE_USER = False  # zone users are created by the system administrator, never by sign-in
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_oidc_callback"
SSO_OIDC_MATCH = tuple(env_str("ZONEDESK_OIDC_MATCH", "preferred_username:username").split(":", 1))
SSO_CAS_SERVER_URL = env_str("ZONEDESK_CAS_SERVER_URL")
SSO_CAS_ENABLED = bool(SSO_CAS_SERVER_URL)
SSO_CAS_MATCH = tuple(env_str("ZONEDESK_CAS_MATCH", "user:username").split(":", 1))
# The provider's name on the sign-in page (e.g. 辽宁政务服务统一身份认证); empty: a generic name.
SSO_LABEL = env_str("ZONEDESK_SSO_LABEL")
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"] + (
    ["zonedesk.organisation.sso.ZoneOidcBackend"] if SSO_OIDC_ENABLED else [])
SESSION_IDLE_MINUTES = env_int("ZONEDESK_SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# The cookie age is an idle timeout: a signed-in session is saved with a fresh expiry at most
# once per SESSION_TOUCH_SECONDS (core.middleware.SessionTouchMiddleware), not on every page.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = env_int("ZONEDESK_SESSION_TOUCH_SECONDS", 60)
# How often a process re-reads the calendar tables' signature (workdays.selectors).
CALENDAR_RECHECK_SECONDS = env_int("ZONEDESK_CALENDAR_RECHECK_SECONDS", 0 if ENV == "test" else 30)
# How long computed figures (the dashboard's sections, the appeal rates) are reused, at most 60 s
# (core/figure_cache.py: the page says as of when); 0 computes them on every request.
FIGURES_CACHE_SECONDS = env_int("ZONEDESK_FIGURES_CACHE_SECONDS", 0 if ENV == "test" else 60)
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
# A token unused for this long stops working (idle timeout), whatever its expiry.
API_TOKEN_IDLE_MINUTES = env_int("ZONEDESK_API_TOKEN_IDLE_MINUTES", 120)
# Behind N reverse proxies the client address is the N-th entry of X-Forwarded-For counted
# from the right (the one our own nearest proxy appended); earlier entries are the client's
# to forge. 0: no proxy, REMOTE_ADDR. ZONEDESK_TRUST_X_FORWARDED_FOR=1 (older) means one proxy.
TRUST_X_FORWARDED_FOR = env_bool("ZONEDESK_TRUST_X_FORWARDED_FOR", False)
TRUSTED_PROXIES = env_int("ZONEDESK_TRUSTED_PROXIES", 1 if TRUST_X_FORWARDED_FOR else 0)

PASSWORD_MIN_LENGTH = env_int("ZONEDESK_PASSWORD_MIN_LENGTH", 12)
PASSWORD_MIN_CLASSES = env_int("ZONEDESK_PASSWORD_MIN_CLASSES", 2)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "zonedesk.organisation.passwords.MinimumLengthValidator",
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


def _audit_key_text() -> str:
    # The chain's HMAC keys live outside the database: a file (mode 600) or the environment,
    # one `key_id=hex` per line; ZONEDESK_AUDIT_KEY_ID picks the one new records use (default:
    # the last listed), so a key is rotated by appending a new line and changing the id.
    path = env_str("ZONEDESK_AUDIT_KEY_FILE")
    if path:
        try:
            return Path(path).read_text()
        except OSError as exc:
            raise ImproperlyConfigured(f"ZONEDESK_AUDIT_KEY_FILE={path} cannot be read: {exc}") from exc
    text = env_str("ZONEDESK_AUDIT_KEYS")
    if text:
        return text
    if ENV == "production":
        raise ImproperlyConfigured(
            "ZONEDESK_AUDIT_KEY_FILE is not set. Production keys its audit chain with a secret held "
            "outside the database: generate one with `python -c 'import secrets; "
            "print(\"k1=\" + secrets.token_hex(32))'`, store it in a file readable only by the "
            "application, and point ZONEDESK_AUDIT_KEY_FILE (or ZONEDESK_AUDIT_KEYS) at it."
        )
    if ENV == "test":
        return "test-1=" + "7a" * 32
    keyfile = VAR_DIR / "audit_keys"
    if not keyfile.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        keyfile.write_text(f"demo-1={secrets.token_hex(32)}\n")
        keyfile.chmod(0o600)
    return keyfile.read_text()


def _audit_keys() -> tuple[dict[str, bytes], str]:
    from zonedesk.audit.chain import parse_keys  # pure module: no Django

    try:
        keys = parse_keys(_audit_key_text())
    except ValueError as exc:
        raise ImproperlyConfigured(f"ZONEDESK_AUDIT_KEY_FILE / ZONEDESK_AUDIT_KEYS: {exc}") from exc
    if not keys:
        raise ImproperlyConfigured("ZONEDESK_AUDIT_KEY_FILE / ZONEDESK_AUDIT_KEYS holds no key")
    key_id = env_str("ZONEDESK_AUDIT_KEY_ID", list(keys)[-1])
    if key_id not in keys:
        raise ImproperlyConfigured(f"ZONEDESK_AUDIT_KEY_ID={key_id} is not among the audit keys")
    return keys, key_id


AUDIT_KEYS, AUDIT_KEY_ID = _audit_keys()
# Signed checkpoints of every chain head, outside the database: appended to this file and
# sent to the logger "zonedesk.audit.checkpoint" (syslog when ZONEDESK_AUDIT_SYSLOG is set).
# "{db}" stands for the database's name, so a demo database made afresh starts a new file.
AUDIT_CHECKPOINT_FILE = env_str(
    "ZONEDESK_AUDIT_CHECKPOINT_FILE",
    "" if ENV == "test" else str(VAR_DIR / "audit" / "checkpoints-{db}.jsonl"),
)
# Besides `manage.py audit_checkpoint` (cron), a checkpoint is written every N records.
AUDIT_CHECKPOINT_EVERY = env_int("ZONEDESK_AUDIT_CHECKPOINT_EVERY", 100)
# Chain lanes per zone: a chain appends one record at a time (each needs the previous MAC), so
# one zone's writers queue on its head until commit; N lanes, each an ordinary verifiable chain,
# let N of them append at once (docs/scaling.md, measured with bench/audit_chain.py).
AUDIT_CHAIN_LANES = max(1, env_int("ZONEDESK_AUDIT_CHAIN_LANES", 8))
AUDIT_SYSLOG = env_str("ZONEDESK_AUDIT_SYSLOG")  # "/dev/log" or "host:port" (UDP)
# The PostgreSQL role that alone may delete audit rows (the prune command switches to it).
AUDIT_PRUNE_DB_ROLE = env_str("ZONEDESK_AUDIT_PRUNE_DB_ROLE", "zonedesk_audit_pruner")

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
# Excel imports (core/xlsx_read.py): the file, and what it may unpack to before openpyxl reads
# it (an .xlsx is a zip: a 400 KB file can unpack to 400 MB), checked from the zip directory.
IMPORT_MAX_BYTES = env_int("ZONEDESK_IMPORT_MAX_MB", 10) * 1024 * 1024
# The shared import flow (core/register_import.py): a file above this many rows is checked and
# written by the background worker (the page polls the batch); a file may hold up to the
# importer's own maximum. Batches are deleted this many days after upload (they hold the rows).
IMPORT_BACKGROUND_ROWS = env_int("ZONEDESK_IMPORT_BACKGROUND_ROWS", 2_000)
IMPORT_RETENTION_DAYS = env_int("ZONEDESK_IMPORT_RETENTION_DAYS", 90)
XLSX_MAX_UNCOMPRESSED = env_int("ZONEDESK_XLSX_MAX_UNCOMPRESSED_MB", 64) * 1024 * 1024
XLSX_MAX_RATIO = env_int("ZONEDESK_XLSX_MAX_RATIO", 100)
XLSX_MAX_MEMBERS = 500
# Any request body (several files in one form included) above this is refused with 413 before
# it is read, for deployments without the nginx of deploy/ in front.
REQUEST_MAX_BYTES = env_int("ZONEDESK_REQUEST_MAX_MB", 100) * 1024 * 1024
# Absolute base of public links printed on documents (the QR code of an e-certificate).
ZONEDESK_PUBLIC_BASE_URL = env_str("ZONEDESK_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Optional TrueType font (.ttf/.ttc) for PDFs; the default ships with the requirements.
ZONEDESK_PDF_FONT = env_str("ZONEDESK_PDF_FONT")
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES

# --- cache and background work ----------------------------------------------------------
# Nothing the system needs is cached across requests (business parameters are read from the
# database), so each process keeps a local cache and no cache server is required.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One background-work path everywhere: django-tasks' database backend, run by `manage.py
# worker` (on PostgreSQL it claims jobs with SELECT … FOR UPDATE SKIP LOCKED, so several
# workers on several hosts share one queue). Tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if ENV == "test"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- health (/healthz) ----------------------------------------------------------------
HEALTH_MIN_FREE_MB = env_int("ZONEDESK_HEALTH_MIN_FREE_MB", 1024)
HEALTH_WORKER_MAX_AGE_SECONDS = env_int("ZONEDESK_HEALTH_WORKER_MAX_AGE_SECONDS", 60)

# --- logs -----------------------------------------------------------------------------
# One JSON object per line (for the zone's log collector) with the request id of the request
# that wrote it; ZONEDESK_LOG_FORMAT=text gives plain lines for a developer's terminal.
LOG_FORMAT = env_str("ZONEDESK_LOG_FORMAT", "text" if ENV == "test" else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"ZONEDESK_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "zonedesk.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("ZONEDESK_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
if AUDIT_SYSLOG:
    _host, _, _port = AUDIT_SYSLOG.rpartition(":")
    LOGGING["handlers"]["audit_syslog"] = {
        "class": "logging.handlers.SysLogHandler",
        "address": (_host, int(_port)) if _host and _port.isdigit() else AUDIT_SYSLOG,
        "facility": "local6",
    }
    LOGGING["loggers"]["zonedesk.audit.checkpoint"] = {"handlers": ["audit_syslog"], "level": "INFO"}

# --- notifications (站内信 always; e-mail and the zone's HTTP gateway when configured) --------
# E-mail goes through Django's backends: SMTP in production (EMAIL_HOST...), files under
# var/mail in the demo, so `make run` shows what would have been sent.
EMAIL_BACKEND = env_str(
    "ZONEDESK_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if ENV == "production"
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = env_str("ZONEDESK_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("ZONEDESK_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("ZONEDESK_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("ZONEDESK_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("ZONEDESK_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("ZONEDESK_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("ZONEDESK_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("ZONEDESK_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("ZONEDESK_EMAIL_FROM", "zonedesk@localhost")
# The zone's message gateway (the province's SMS platform, 企业微信, 钉钉) reached over HTTP:
# one JSON POST a message. A file:// URL writes each message as a JSON file instead (what the
# demo does, so `make run` shows what would have been sent); empty: the SMS channel is off.
NOTIFY_GATEWAY_URL = env_str(
    "ZONEDESK_NOTIFY_GATEWAY_URL", f"file://{VAR_DIR / 'sms'}" if ENV == "demo" else "")
NOTIFY_GATEWAY_TOKEN = env_str("ZONEDESK_NOTIFY_GATEWAY_TOKEN")
NOTIFY_GATEWAY_TIMEOUT = env_int("ZONEDESK_NOTIFY_GATEWAY_TIMEOUT", 10)
# Non-urgent SMS waits out the quiet hours (local time, "HH:MM-HH:MM"; empty: none).
NOTIFY_QUIET_HOURS = env_str("ZONEDESK_NOTIFY_QUIET_HOURS", "22:00-07:00")
NOTIFY_MAX_ATTEMPTS = env_int("ZONEDESK_NOTIFY_MAX_ATTEMPTS", 5)
NOTIFY_RETENTION_DAYS = env_int("ZONEDESK_NOTIFY_RETENTION_DAYS", 365)

NINJA_PAGINATION_PER_PAGE = 20
ZONEDESK_DEFAULT_ZONE = env_str("ZONEDESK_DEFAULT_ZONE", "LY")
