"""Settings for a deployment. Refuses to start with debug on or without a real secret key."""

from .base import *  # noqa: F403
from .base import DEBUG, DEFAULT_SECRET_KEY, LOGGING, MIDDLEWARE, SECRET_KEY, STORAGES
from .env import ConfigError, env_bool, env_choice, env_int, env_list, env_str

if DEBUG:
    raise ConfigError("DEBUG", "không được bật chế độ gỡ lỗi khi chạy thật (production)")
if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32:
    raise ConfigError("SECRET_KEY", "cần một khóa bí mật riêng, dài ít nhất 32 ký tự")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ConfigError("ALLOWED_HOSTS", "cần liệt kê tên miền của máy chủ, cách nhau bởi dấu phẩy")

MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Internal files are sent by nginx from an `internal` location, never streamed by Python
# (core/files.py shows the nginx configuration this needs).
FILES_ACCEL_REDIRECT_PREFIX = env_str("FILES_ACCEL_REDIRECT_PREFIX", "/protected/")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True

# HSTS: browsers that saw the site once refuse plain HTTP to it for a year. Only this host by
# default: subdomains of a committee's domain are often other sites, not all on HTTPS, so
# including them (and asking browsers to preload the domain) is the operator's choice.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# `check --deploy` warns about those two being off; they are off by choice (above), so its
# warnings are silenced only while they are, and the check stays clean.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]

DEMO_DATA_ALLOWED = False

# E-mail (reminders, password reset) through the committee's mail server.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tuyên giáo số <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The daily backup runs unless turned off (BACKUP_DAILY=false); see settings/base.py.
BACKUP_DAILY = env_bool("BACKUP_DAILY", True)

# One JSON object a line for the log collector, unless LOG_FORMAT=plain.
LOGGING["handlers"]["console"]["formatter"] = env_choice("LOG_FORMAT", ("plain", "json"), "json")
