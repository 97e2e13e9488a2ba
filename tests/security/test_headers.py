"""Security headers: a Content-Security-Policy on every response (strict on the public site,
the admin's stated needs on /admin/), Permissions-Policy, Referrer-Policy, framing refused;
HSTS on in production, whose `check --deploy` is clean."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tuyengiao.demo.portal import ensure_home_page

PACKAGE_DIR = Path(settings.PACKAGE_DIR)


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_common_headers(response) -> None:
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def assert_strict_policy(response) -> None:
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_public_portal_page(client):
    ensure_home_page()
    response = client.get("/")
    assert response.status_code == 200
    assert_strict_policy(response)
    assert_common_headers(response)
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_public_contest_page_and_error_page(client):
    for url in (reverse("contests_public:index"), "/khong-co-trang-nay/"):
        response = client.get(url)
        assert_strict_policy(response)
        assert_common_headers(response)


@pytest.mark.django_db
def test_api_response(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert_strict_policy(response)
    assert_common_headers(response)
    refused = client.get("/api/v1/me")
    assert refused.status_code == 401
    assert_strict_policy(refused)


def test_admin_page(client, specialist):
    for response in (
        client.get(reverse("wagtailadmin_login")),
        (client.force_login(specialist), client.get(reverse("wagtailadmin_home")))[1],
    ):
        assert response.status_code == 200
        policy = directives(response)
        # The admin's stated needs (settings: CONTENT_SECURITY_POLICY_ADMIN), and no more.
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["img-src"] == ["'self'", "data:", "blob:"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]
        assert_common_headers(response)
        assert response["X-Frame-Options"] == "DENY"


PUBLIC_TEMPLATES = [
    *sorted((PACKAGE_DIR / "portal" / "templates").rglob("*.html")),
    *sorted((PACKAGE_DIR / "contests" / "templates" / "contests" / "public").rglob("*.html")),
    *sorted((PACKAGE_DIR / "core" / "templates").glob("*.html")),
    *sorted((PACKAGE_DIR / "core" / "templates" / "core").glob("*.html")),
    PACKAGE_DIR / "core" / "templates" / "tuyengiao" / "base.html",
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)


@pytest.mark.parametrize("template", PUBLIC_TEMPLATES, ids=lambda path: path.name)
def test_public_templates_hold_no_inline_script_or_style(template):
    """The public policy would block them: scripts and styles belong in static files."""
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text), template
    assert not EVENT_HANDLER.search(text), template
    assert not INLINE_STYLE.search(text), template


PRODUCTION = "--settings=tuyengiao.settings.production"
SHOW_SETTINGS = (
    "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, "
    "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, s.TWO_FACTOR_REQUIRED)"
)


def test_production_hsts_defaults_and_deploy_check_is_clean(tmp_path):
    """`tuyengiao check --deploy --settings=tuyengiao.settings.production` with what an
    operator must set (SECRET_KEY, ALLOWED_HOSTS) prints no warning; HSTS is on for a year."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "DEBUG", "TWO_FACTOR"))
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="tuyengiao.example.vn",
        VAR_DIR=str(tmp_path),
    )
    command = [sys.executable, "-m", "tuyengiao"]
    checked = subprocess.run(
        [*command, "check", "--deploy", "--fail-level", "WARNING", PRODUCTION],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = checked.stdout + checked.stderr
    assert checked.returncode == 0, output
    assert "WARNINGS" not in output, output
    assert "ERRORS" not in output, output
    assert "System check identified no issues" in output, output

    shown = subprocess.run(
        [*command, "shell", PRODUCTION, "-c", SHOW_SETTINGS],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # The last line: Django's shell first says how many names it imported.
    assert shown.stdout.splitlines()[-1].split() == ["31536000", "False", "True", "True"], (
        shown.stdout + shown.stderr
    )
