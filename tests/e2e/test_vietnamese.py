"""Every main screen, in Vietnamese: no English words left in what a person sees.

Each screen is opened in the browser, screenshotted (``vi-<name>.png`` in the artefacts, with
the text checked beside it in ``vi-<name>.txt``) and its visible text (the body's text,
screen-reader text included) checked against the words of the English messages of every
catalogue in use. Names of products, file formats and codes are allowed.

To check a new screen, add it to ``STAFF_SCREENS``, ``ADMIN_SCREENS`` or ``PUBLIC_SCREENS``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import Page
from wagtail.models import Page as WagtailPage
from wagtail.users.models import UserProfile

from tuyengiao.core.i18n_coverage import catalogues_in_use
from tuyengiao.demo.portal import ensure_demo_portal, ensure_home_page
from tuyengiao.documents.models import Document
from tuyengiao.documents.tests.builders import seed_chain

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Screen:
    name: str
    url: Callable[[], str]


def named(name: str, *args: object, query: str = "") -> Callable[[], str]:
    return lambda: reverse(name, args=args) + query


def first_document() -> str:
    return reverse("documents:detail", args=[Document.objects.order_by("pk").first().pk])


# Screens of a specialist's daily work.
STAFF_SCREENS = [
    Screen("dashboard", named("wagtailadmin_home")),
    Screen("units", named("orgs:tree")),
    Screen("unit", named("orgs:unit", "TP.Q1")),
    Screen("memberships", named("orgs:memberships")),
    Screen("registry", named("documents:list")),
    Screen("registry-detail", first_document),
    Screen("registry-new", named("documents:register")),
    Screen("reports", named("reporting:home")),
    Screen("reports-official", named("reporting:official")),
    Screen("reports-dashboard", named("reporting:dashboard")),
    Screen("page-explorer", named("wagtailadmin_explore_root")),
    Screen("images", named("wagtailimages:index")),
    Screen("documents", named("wagtaildocs:index")),
    Screen("account", named("wagtailadmin_account")),
    Screen("site-history", named("wagtailadmin_reports:site_history")),
    Screen("search", named("wagtailadmin_pages:search", query="?q=k%E1%BA%BF+ho%E1%BA%A1ch")),
]
# Screens only the system administrator opens.
ADMIN_SCREENS = [
    Screen("users", named("wagtailusers_users:index")),
    Screen("groups", named("wagtailusers_groups:index")),
    Screen("sites", named("wagtailsites:index")),
]
# Public screens besides one page of each kind of page on the portal (see public_screens).
PUBLIC_SCREENS = [
    Screen("portal-search", lambda: "/tim-kiem/?q=tuy%C3%AAn+truy%E1%BB%81n"),
]


def public_screens() -> list[Screen]:
    """The first live page of each page type, so that new kinds of page are checked too."""
    first: dict[type, WagtailPage] = {}
    for page in WagtailPage.objects.live().public().filter(depth__gt=1).specific():
        first.setdefault(type(page), page)
    pages = [
        Screen(f"portal-{kind._meta.model_name}", lambda page=page: page.get_url())
        for kind, page in first.items()
    ]
    return pages + PUBLIC_SCREENS


# A word of an English message is English, unless a Vietnamese syllable is written the same
# way without marks ("to", "an", "in", "long", "tin"…): place and person names use those.
VIETNAMESE_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?"
)
# Product names, file formats and codes that stay as they are; loanwords of Vietnamese
# ("trang web", "email"); the language switch's "English".
ALLOWED = frozenset(
    {"wagtail", "api", "url", "pdf", "docx", "xlsx", "csv", "email", "web", "website", "english"}
)
# Placeholders and HTML tags of messages are not words a person reads.
MARKUP = re.compile(r"%\([^)]*\)\w|\{[^}]*\}|<[^>]*>")
WORD = re.compile(r"[^\W\d_]{2,}")
# E-mail and web addresses shown on a page (lienhe@tuyengiao.example, https://…).
ADDRESS = re.compile(r"\S+@\S+|https?://\S+")


@functools.cache
def english_vocabulary() -> frozenset[str]:
    """Every word of the English messages of the catalogues in use; not codes in capitals
    ("E.g. 229-KH/QU"): a word written in capitals on screen is matched in lower case."""
    words = {
        word.lower()
        for catalogue in catalogues_in_use()
        for entry in catalogue.entries
        for word in WORD.findall(MARKUP.sub(" ", f"{entry.msgid} {entry.msgid_plural}"))
        if word.isascii() and not word.isupper()
    }
    return frozenset(word for word in words - ALLOWED if not VIETNAMESE_SYLLABLE.fullmatch(word))


# The text a person sees: the body's text, with only the chosen option of each list (the
# others, such as every time zone of the world, are not on screen).
VISIBLE_TEXT = """() => {
    const hidden = [...document.querySelectorAll("option")].filter((option) => !option.selected);
    const labels = hidden.map((option) => option.textContent);
    hidden.forEach((option) => { option.textContent = ""; });
    const text = document.body.innerText;
    hidden.forEach((option, index) => { option.textContent = labels[index]; });
    return text;
}"""


@pytest.fixture(scope="module", autouse=True)
def _vocabulary_read_first() -> None:
    """Read before any screen is open: extracting the project's messages briefly changes the
    process's working directory, which the live server's threads share."""
    english_vocabulary()


def english_words(text: str) -> list[str]:
    """The English words of ``text``; e-mail and web addresses are names, not words."""
    vocabulary = english_vocabulary()
    text = ADDRESS.sub(" ", text)
    return sorted(
        {word for word in WORD.findall(text) if word.lower() in vocabulary}, key=str.lower
    )


def load(page: Page, url: str) -> list[str]:
    """Open ``url`` and wait for all it loads; the requests the server failed."""
    failed: list[str] = []

    def note(response) -> None:  # type: ignore[no-untyped-def]
        if response.status == 400 or response.status >= 500:
            failed.append(f"{response.status} {response.url}")

    page.on("response", note)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", note)
    return failed


def open_screen(page: Page, url: str, name: str) -> None:
    """Open ``url`` with everything it loads; none of its requests may fail."""
    failed = load(page, url)
    assert page.url == url, f"{name}: sent to {page.url}, not {url}"
    assert not failed, f"{name}: {failed}"


def english_left(page: Page, base_url: str, screens: list[Screen], screenshot) -> dict:  # type: ignore[no-untyped-def]
    """For each screen, the English words it shows (screens without any are left out)."""
    left = {}
    for screen in screens:
        open_screen(page, base_url + screen.url(), screen.name)
        assert page.locator("html").get_attribute("lang") == "vi", screen.name
        text = page.evaluate(VISIBLE_TEXT)
        screenshot(page, f"vi-{screen.name}").with_suffix(".txt").write_text(text)
        words = english_words(text)
        if words:
            left[screen.name] = words
    return left


def prefer_vietnamese(*users) -> None:  # type: ignore[no-untyped-def]
    for user in users:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "vi"
        profile.save()


def test_english_words_are_found_and_names_are_not():
    text = (
        "Trang chủ\nEdit this page · Long Biên · Tin tức · Xuất PDF · Wagtail · Thêm mới"
        " · lienhe@tuyengiao.example · https://example.org/page"
    )
    assert english_words(text) == ["Edit", "page", "this"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_screens_are_all_vietnamese(
    live_server, page, screenshot, city, city_specialist, sign_in
):
    ensure_home_page()
    seed_chain(city)
    # Like the demo's specialist: Wagtail's staff group, for pages, images and documents.
    city_specialist.groups.add(Group.objects.get(name="Editors"))
    prefer_vietnamese(city_specialist)
    sign_in(page, live_server.url, city_specialist.username)

    left = english_left(page, live_server.url, STAFF_SCREENS, screenshot)

    assert not left, f"English words left: {left}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_administration_screens_are_all_vietnamese(
    live_server, page, screenshot, system_admin, sign_in
):
    ensure_home_page()
    prefer_vietnamese(system_admin)
    sign_in(page, live_server.url, system_admin.username)

    left = english_left(page, live_server.url, ADMIN_SCREENS, screenshot)

    assert not left, f"English words left: {left}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_screens_are_all_vietnamese(live_server, page, screenshot):
    ensure_demo_portal()
    screens = public_screens()
    assert len(screens) >= 4, [screen.name for screen in screens]

    left = english_left(page, live_server.url, screens, screenshot)

    assert not left, f"English words left: {left}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_switches_the_portal_to_english_and_back(live_server, page, screenshot):
    ensure_home_page()
    page.goto(live_server.url)
    switch = page.locator("form.language-switch")

    switch.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url == f"{live_server.url}/"
    screenshot(page, "portal-home-en")

    page.locator("form.language-switch").get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"
