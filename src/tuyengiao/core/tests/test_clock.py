"""The settable clock: tests and demo data run at a known moment, never the wall clock's."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from tuyengiao.core.clock import parse_moment


def test_the_suite_runs_at_the_configured_moment():
    """``timezone.now()`` starts at settings.CLOCK (TUYENGIAO_CLOCK or the default) and runs."""
    start = parse_moment(settings.CLOCK)
    now = timezone.now()
    assert start <= now < start + timedelta(hours=6)


def test_a_moment_without_offset_is_refused():
    with pytest.raises(ImproperlyConfigured, match="múi giờ"):
        parse_moment("2026-12-07T07:59")


def test_an_unreadable_moment_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match="TUYENGIAO_CLOCK"):
        parse_moment("thứ hai")


def _now_in_subprocess(settings_module: str, clock: str) -> str:
    env = {**os.environ, "TUYENGIAO_CLOCK": clock, "DJANGO_SETTINGS_MODULE": settings_module}
    env.update(SECRET_KEY="k" * 50, ALLOWED_HOSTS="tuyengiao.example", DEBUG="false")
    code = (
        "import django; django.setup(); from django.utils import timezone; "
        "print(timezone.now().isoformat())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_development_settings_honour_the_clock():
    """``make run`` can be tried at a chosen moment (Monday 07:59 in Hà Nội here)."""
    printed = _now_in_subprocess("tuyengiao.settings.dev", "2026-12-07T07:59:00+07:00")
    assert printed.startswith("2026-12-07T00:59")


def test_production_never_moves_its_clock():
    printed = _now_in_subprocess("tuyengiao.settings.production", "2001-01-01T00:00:00+07:00")
    assert not printed.startswith("2001")
