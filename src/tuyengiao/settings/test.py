"""Settings for the test suite: tasks run immediately, passwords hash fast."""

from .base import *  # noqa: F403
from .env import env_str

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"

# Tests run at a known moment, never at whatever the wall clock says: a Wednesday morning in
# Hà Nội by default, or TUYENGIAO_CLOCK (scripts/test runs the clock-sensitive tests again at
# Monday 07:59, 31/12 23:59, 29/02 and the minute a contest round opens). See core/clock.py.
CLOCK = env_str("TUYENGIAO_CLOCK", "2026-10-14T10:00:00+07:00")

# Two-step sign-in is not required in tests, so that the personas sign in with a password as
# they always did; the tests of its enforcement turn it on with the `settings` fixture
# (settings.TWO_FACTOR_REQUIRED = True). A persona who set up an app is asked for a code anyway.
TWO_FACTOR_REQUIRED = False
