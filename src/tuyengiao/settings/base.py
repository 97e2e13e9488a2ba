"""Settings shared by every environment. The environment is read only through ``env``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE

from tuyengiao.core.logs import JSON_FORMATTER

from .env import (
    ConfigError,
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_path,
    env_str,
    env_url,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = env_path("VAR_DIR", PROJECT_DIR / "var")

DEFAULT_SECRET_KEY = "dev-only-secret-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Project apps first, so that their templates override Wagtail's (admin branding).
    "tuyengiao.core",
    "tuyengiao.orgs",
    "tuyengiao.documents",
    "tuyengiao.contests",
    "tuyengiao.plans",
    "tuyengiao.activities",
    "tuyengiao.reporting",
    "tuyengiao.portal",
    "tuyengiao.api",
    "tuyengiao.demo",
    "tuyengiao.core.twofactor",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app; its people list sorts names the Vietnamese way.
    "tuyengiao.core.apps.UsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.api.v3",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    # Two-step sign-in: authenticator apps (TOTP) and recovery codes (core/twofactor/).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "log_request_id",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Each request's id, from nginx's X-Request-ID or new; in every log record and the response.
    "log_request_id.middleware.RequestIDMiddleware",
    # Content-Security-Policy (public and admin policies) and Permissions-Policy (core/headers.py).
    "tuyengiao.core.headers.ContentSecurityPolicyMiddleware",
    "tuyengiao.core.headers.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The chosen interface language, Vietnamese by default (see core/middleware.py).
    "tuyengiao.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether this session's sign-in was confirmed by a code; then holds back whoever owes one.
    "django_otp.middleware.OTPMiddleware",
    "tuyengiao.core.twofactor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Cached public portal pages, answered before URL resolution (portal/pagecache.py).
    "tuyengiao.portal.pagecache.PortalCacheMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tuyengiao.urls"
WSGI_APPLICATION = "tuyengiao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env_database("DATABASE_URL", VAR_DIR / "tuyengiao.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory by default, Redis when REDIS_URL is set ---------------------------
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks (django-tasks; the database backend needs the worker: db_worker) ------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Each worker records itself (core.TaskWorker) and says it is alive every
# TASK_HEARTBEAT_SECONDS; one not heard from for TASK_LEASE_SECONDS is dead, and the task it
# was running is run again by another worker, up to TASK_MAX_ATTEMPTS runs in all, then marked
# failed (core/task_recovery.py). The health check warns when a task has waited longer than
# HEALTH_TASK_WAIT_SECONDS.
TASK_HEARTBEAT_SECONDS = env_int("TASK_HEARTBEAT_SECONDS", 5)
TASK_LEASE_SECONDS = env_int("TASK_LEASE_SECONDS", 60)
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 2)
HEALTH_TASK_WAIT_SECONDS = env_int("HEALTH_TASK_WAIT_SECONDS", 300)
if TASK_HEARTBEAT_SECONDS < 1:
    raise ConfigError("TASK_HEARTBEAT_SECONDS", "cần ít nhất 1 giây")
if TASK_LEASE_SECONDS < 2 * TASK_HEARTBEAT_SECONDS:
    raise ConfigError("TASK_LEASE_SECONDS", "cần ít nhất gấp đôi TASK_HEARTBEAT_SECONDS")
if TASK_MAX_ATTEMPTS < 1:
    raise ConfigError("TASK_MAX_ATTEMPTS", "cần ít nhất 1 lần")
# Daily background work: each function queues its task's next run (which then re-queues
# itself); `tuyengiao serve` calls them at start, so no cron is needed in the embedded default.
DAILY_TASK_SCHEDULERS = [
    "tuyengiao.plans.tasks.schedule_next_run",
    "tuyengiao.core.tasks.schedule_next_backup",
]

# --- Backups (core/backup.py, core/restore.py, core/tasks.py) ------------------------------
# `tuyengiao backup -o FILE` writes one archive (database, stored files, manifest.json) and
# `tuyengiao restore FILE` restores it into an empty instance. With BACKUP_DAILY on (the
# production settings' default) the worker writes tuyengiao-YYYYMMDD-HHMMSS.tar.gz into
# BACKUP_DIR every day at BACKUP_AT (HH:MM, local time) and keeps the newest BACKUP_KEEP.
# PG_BIN_DIR: the folder of pg_dump and pg_restore (of the server's major version) when they
# are not on PATH.
BACKUP_DIR = env_path("BACKUP_DIR", VAR_DIR / "backups")
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
if BACKUP_KEEP < 1:
    raise ConfigError("BACKUP_KEEP", "cần số bản sao lưu hằng ngày được giữ, từ 1 trở lên")
BACKUP_DAILY = env_bool("BACKUP_DAILY", False)
BACKUP_AT = env_str("BACKUP_AT", "02:00")
_backup_hour, _, _backup_minute = BACKUP_AT.partition(":")
if not (
    _backup_hour.isdigit()
    and _backup_minute.isdigit()
    and len(_backup_minute) == 2
    and int(_backup_hour) < 24
    and int(_backup_minute) < 60
):
    raise ConfigError("BACKUP_AT", f"cần giờ dạng HH:MM, ví dụ 02:00; nhận được {BACKUP_AT!r}")
PG_BIN_DIR = env_str("PG_BIN_DIR", "")
# --- end of Backups ----------------------------------------------------------------------------

# --- Search: the database's own full-text search unless an external engine is named --------
SEARCH_BACKEND = env_choice(
    "SEARCH_BACKEND", ("database", "opensearch", "elasticsearch"), "database"
)
SEARCH_URL = env_url("SEARCH_URL", ("http", "https"))
if SEARCH_BACKEND == "database":
    # "simple": no English stop words or stemming; the indexed text is folded Vietnamese.
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
    }
else:
    if not SEARCH_URL:
        raise ConfigError("SEARCH_URL", f"cần địa chỉ máy chủ khi SEARCH_BACKEND={SEARCH_BACKEND}")
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": {
                "opensearch": "wagtail.search.backends.opensearch3",
                "elasticsearch": "wagtail.search.backends.elasticsearch9",
            }[SEARCH_BACKEND],
            "URLS": [SEARCH_URL],
            "INDEX": env_str("SEARCH_INDEX", "tuyengiao"),
        }
    }

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # Refuses sign-in while an account is locked out after repeated failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Memberships valid today open the staff workspace (see orgs/backends.py).
    "tuyengiao.orgs.backends.MembershipBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the address
# the outermost one saw in X-Forwarded-For (core/clientip.py). Used by the sign-in throttle,
# the password-reset limit, the contests' rate limits and the portal's visitor counting.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ConfigError("TRUSTED_PROXY_COUNT", "cần số máy chủ proxy đứng trước, từ 0 trở lên")

# Sign-in throttle per (username, address), never a lock of the account (core/lockout.py):
# from the LOGIN_FAILURE_LIMIT-th wrong password in a row, that pair waits LOGIN_FIRST_DELAY,
# doubled at each further failure up to LOGIN_MAX_DELAY; tries during a wait are refused and
# not counted. Failures are remembered a day after the last one; a success clears them.
AXES_HANDLER = "tuyengiao.core.lockout.GrowingDelayHandler"
AXES_CLIENT_IP_CALLABLE = "tuyengiao.core.clientip.client_ip"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FIRST_DELAY = timedelta(minutes=env_int("LOGIN_FIRST_DELAY_MINUTES", 1))
LOGIN_MAX_DELAY = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_COOLOFF_TIME = timedelta(days=1)  # how long failures are remembered, not a lock
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tuyengiao.core.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ADMIN = False
# Its log lines name the path only: no username, address or browser (core/logs.py).
AXES_VERBOSE = False
# Axes' log lines and stored request data name no username, address, code or phone number.
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "otp_token",
    "otp_device",
    "token",
    "code",
    "phone",
]

# Password-reset requests: at most PASSWORD_RESET_PER_HOUR per address and per e-mail address
# entered (core/password_reset.py).
PASSWORD_RESET_PER_HOUR = env_int("PASSWORD_RESET_PER_HOUR", 5)

# Sessions end after SESSION_IDLE_MINUTES without activity, and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 120) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# --- Language, time zone and formats ----------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tuyengiao.formats"]
# Grouping stays off globally: with it on, every integer a template prints is grouped, ids in
# URLs and form attributes included ("/pages/1.418/"). Figures are printed through the
# number filters in core (format_number and friends), which always group the Vietnamese way.
USE_THOUSAND_SEPARATOR = False

# --- Files -------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env_path("STATIC_ROOT", VAR_DIR / "static")
# Chart.js for the reporting dashboards, from the npm registry (package.json; scripts/assets
# runs `npm ci`), served from the project's own static files: nothing comes from a CDN. When
# it is not installed the dashboards show their tables only (check reporting.W001).
CHARTJS_DIR = PROJECT_DIR / "node_modules" / "chart.js" / "dist"
STATICFILES_DIRS = [("vendor/chartjs", CHARTJS_DIR)] if CHARTJS_DIR.is_dir() else []
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", VAR_DIR / "media")
# Internal files (document files, activity files, report templates and written reports) are
# kept apart from MEDIA_ROOT, which holds only the portal's pictures: they have no public
# address and are sent by views that check who asks (core/files.py). In production nginx sends
# them from an `internal` location named by FILES_ACCEL_REDIRECT_PREFIX (e.g. "/protected/",
# aliased to PRIVATE_FILES_ROOT); empty, Django streams them itself (development).
PRIVATE_FILES_ROOT = env_path("PRIVATE_FILES_ROOT", VAR_DIR / "private")
FILES_ACCEL_REDIRECT_PREFIX = env_str("FILES_ACCEL_REDIRECT_PREFIX", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "tuyengiao.core.files.PrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Personal API tokens stop working this many days after they are made (api/auth.py).
API_TOKEN_MAX_AGE_DAYS = env_int("API_TOKEN_MAX_AGE_DAYS", 90)
# Imports (.xlsx, .csv) are refused past these before they are parsed (core/tabular.py).
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_MB", 256) * 1024 * 1024
# Largest number accepted as one figure, from forms, the API and imports alike (the services
# refuse more). Counts (an activity's participants, classes, points; attendance of a plan's
# milestone) at most FIGURE_MAX_VALUE = 10^9; a report's value (indicator × unit × period) at
# most REPORTING_VALUE_MAX = 10^12 in absolute value (its column holds 14 digits before the
# point). So no sum can overflow: 10^5 units × 12 months × 10^12 = 1.2·10^18 < 2^63 ≈ 9.2·10^18
# (SQLite's integer SUM) and < 10^20 (the analytics table's decimal); activity figures would
# need 9·10^9 rows at the bound. Rows stored before these bounds count at most the bound.
FIGURE_MAX_VALUE = 10**9
REPORTING_VALUE_MAX = 10**12

# --- Wagtail -----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Tuyên giáo số"
WAGTAILADMIN_BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILADMIN_USER_LOGIN_FORM = "tuyengiao.core.forms.LoginForm"
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# No calls home from the admin: the servers of many committees have no internet access.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "doc",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "xls",
    "zip",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Wagtail's documents go through its view (which applies collection privacy), never a direct
# address under MEDIA_URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Logging: one record a line on stderr, with the request's id -------------------------------
# LOG_FORMAT=json (the production default) writes each record as one JSON object for a log
# collector; "plain" is for reading in a terminal. Every record made while a request is served
# carries its id (X-Request-ID from nginx, or a new one), which the response returns in the
# same header, so that one report from a person leads to every line of their request. Records
# never carry the request object or its query string (core/logs.py): no personal data.
LOG_FORMAT = env_choice("LOG_FORMAT", ("plain", "json"), "plain")
LOG_REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"
GENERATE_REQUEST_ID_IF_NOT_IN_HEADER = True
LOG_REQUESTS = False  # nginx writes the access log (deploy/nginx/)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "log_request_id.filters.RequestIDFilter"},
        "no_personal_data": {"()": "tuyengiao.core.logs.DropRequestDetails"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
        "json": JSON_FORMATTER,
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "no_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}

# The release's commit, shown by /api/v1/version (set by the deployment; empty when unknown).
TUYENGIAO_COMMIT = env_str("TUYENGIAO_COMMIT")

# --- Public portal: page cache and counters (see portal/pagecache.py, portal/counters.py) -----
PORTAL_PAGE_CACHE_SECONDS = env_int("PORTAL_PAGE_CACHE_SECONDS", 60)
# Article views and visit statistics; off only to measure what counting costs.
PORTAL_COUNTING = env_bool("PORTAL_COUNTING", True)
# Slugs fold Vietnamese to ASCII ("Đống Đa" -> "dong-da"), in the editor as on save.
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# --- Document registry: file uploads and reading scanned pages ---------------------------------
DOCUMENTS_MAX_UPLOAD_MB = env_int("DOCUMENTS_MAX_UPLOAD_MB", 50)
# OCR runs only where Debian's ocrmypdf and tesseract-ocr-vie are installed; this turns it off.
DOCUMENTS_OCR = env_bool("DOCUMENTS_OCR", True)

# --- Demo data: `tuyengiao demo_load` refuses to run where this is off ------------------------
DEMO_DATA_ALLOWED = True

# --- Security headers --------------------------------------------------------------------------
# Content-Security-Policy (django-csp; core/headers.py). The public site (portal, contests,
# API, error pages) runs nothing inline and loads nothing from elsewhere: every script and
# style is one of the platform's static files, so an injected <script> or on…= attribute does
# not run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The staff admin (Wagtail) needs more, each for a reason its pages showed in a browser under
# the public policy (tests/e2e/test_content_security_policy.py):
# - script-src 'unsafe-inline': Wagtail's own templates run inline scripts (page explorer,
#   people list, history filters, the page editor's panels, date pickers); they carry no nonce.
# - style-src 'unsafe-inline': style attributes written by Wagtail's templates and scripts
#   (the page editor) and by the platform's own admin pages (bar charts, indented tables).
# - img-src data: blob:: previews of images chosen for upload (Wagtail's uploader draws them
#   from blob: and data: URLs) and a data: image in Wagtail's stylesheet.
# - frame-ancestors 'self': the editor's preview panel frames admin pages. The preview of a
#   public page itself keeps the public policy (core/headers.py).
# No 'unsafe-eval', and still nothing from another origin.
CSP_ADMIN_PATH_PREFIXES = ["/admin/"]
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-ancestors": [SELF],
    }
}
# Avatars from the platform itself, never Gravatar: no third-party image in the admin (the
# policy above would refuse it anyway), and no person's e-mail hash sent abroad.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Browser features no page of the platform uses, off for every page and frame.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "serial": [],
    "usb": [],
}
# Only this site's own pages learn which page a link was followed from.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No other site may frame these pages (Wagtail's preview frames its own, same-origin).
X_FRAME_OPTIONS = "DENY"

# --- Two-step sign-in (core/twofactor/) ---------------------------------------------------------
# Required, when on, for system administrators and for anyone whose roles approve reports,
# grant roles or change units: after the password they enter a code from an authenticator
# app, and are sent to set one up at their first sign-in. Everyone else may turn it on from
# their account. On by default; the development and test settings turn it off (see there).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
# The name the authenticator app shows beside the account.
OTP_TOTP_ISSUER = env_str("TWO_FACTOR_ISSUER", WAGTAIL_SITE_NAME)
# Wrong codes: each device waits 1, 2, 4, 8… seconds after successive failures (django-otp).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
