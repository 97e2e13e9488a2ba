"""Settings for a deployment. Refuses to start with debug on or without a real secret key."""

from .base import *  # noqa: F403
from .base import DEBUG, DEFAULT_SECRET_KEY, MIDDLEWARE, SECRET_KEY, STORAGES
from .env import ConfigError, env_bool, env_int, env_list, env_str

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
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_CONTENT_TYPE_NOSNIFF = True

DEMO_DATA_ALLOWED = False
