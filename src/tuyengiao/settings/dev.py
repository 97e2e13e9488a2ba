"""Settings for a developer's machine (``make run``): debug on, local files under ``var/``."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The moment the process starts at (ISO 8601 with offset), for trying the demo at a given time;
# see core/clock.py. Unset: the real clock.
CLOCK = env_str("TUYENGIAO_CLOCK")
