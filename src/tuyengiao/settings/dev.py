"""Settings for a developer's machine (``make run``): debug on, local files under ``var/``."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The moment the process starts at (ISO 8601 with offset), for trying the demo at a given time;
# see core/clock.py. Unset: the real clock.
CLOCK = env_str("TUYENGIAO_CLOCK")

# Two-step sign-in is off here unless TWO_FACTOR_REQUIRED=true: the demo's accounts (leaders,
# administrators) sign in with their password alone. People may still turn it on for
# themselves, and it is then asked for.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
