"""Browser harness: Debian's chromium driven by Playwright against the live test server.

Never downloads a browser: the executable is ``/usr/bin/chromium`` (or ``$CHROMIUM``).
Screenshots are kept under ``var/test/artefacts/`` for people to look at.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tuyengiao.core.tests.personas import PERSONA_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTEFACTS = Path(settings.VAR_DIR) / "artefacts"

# Playwright's sync API runs an event loop in this thread; the live server's database work
# happens in its own thread, so Django's guard against sync calls from async code does not
# apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """On SQLite, the live server's test database is a file, not memory.

    The browser sends requests in parallel and the live server answers each in a thread. An
    in-memory database shares one cache between threads, and SQLite fails a write to a busy
    table there at once ("database table is locked") instead of waiting its turn; a file in
    WAL mode waits (the busy timeout), as the platform does in production. The file is named
    after the process, so that two runs on one machine never share it.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
        database.setdefault("TEST", {})["NAME"] = str(
            Path(settings.VAR_DIR) / f"e2e-{os.getpid()}.sqlite3"
        )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does, as root)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """``screenshot(page, name)`` saves a full-page screenshot as a test artefact."""

    def take(page: Page, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def sign_in() -> Callable[..., None]:
    """``sign_in(page, base_url, username, password=…)``: through the admin's sign-in form,
    waiting for the workspace to open (the test personas' password by default)."""

    def sign_in(page: Page, base_url: str, username: str, password: str = PERSONA_PASSWORD) -> None:
        page.goto(f"{base_url}/admin/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.locator("#wagtail-sidebar")).to_be_attached()

    return sign_in
