"""How much of the interface speaks Vietnamese: every message a user can meet, checked.

The catalogues in use are those Django loads for this project:

- the project's own strings, extracted from its source as ``scripts/update_messages.py`` does
  (tests excluded), in the ``django`` and ``djangojs`` domains;
- the ``django`` catalogue of every installed app that ships one (Wagtail's apps, taggit,
  django-filters, django-axes, ``django.contrib.auth``…). Apps that are not installed are not
  loaded, so ``django.contrib.admin``, ``admindocs``, ``gis``, ``postgres``, ``flatpages``,
  ``humanize``, ``redirects``, ``sites`` and Wagtail's unused contrib apps do not count;
- the ``djangojs`` catalogue of the packages whose JavaScript catalogue is served:
  ``wagtail.admin`` (Wagtail's admin loads only that one);
- Django's own catalogue (``django/conf/locale``): form errors, validators, month names…

A component's messages are read from its English (source) catalogue; where it ships none
(django-filters, django-axes), from the fullest of its translations.

A message has Vietnamese when a Vietnamese catalogue that Django merges for its domain gives a
non-empty, non-fuzzy translation, looked up in Django's order: the project's catalogue
(``LOCALE_PATHS``) first, then the installed apps in ``INSTALLED_APPS`` order, then Django's.
A translation must keep its placeholders (``%(name)s``, ``%s``, ``{name}``): the same ones,
as many times, as the message; for a plural entry, as the plural message, or as the singular
where that one has placeholders too.
"""

from __future__ import annotations

import math
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import chdir
from dataclasses import dataclass, field
from pathlib import Path

import django
import polib
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

from tuyengiao.core.formatting import format_percent

LANGUAGE = "vi"
DOMAINS = ("django", "djangojs")
# Packages whose JavaScript catalogue is served (wagtail/admin/views/i18n.py).
JAVASCRIPT_PACKAGES = ("wagtail.admin",)
PROJECT = "tuyengiao"
PROJECT_DIR = Path(__file__).resolve().parent.parent
DJANGO_LOCALE = Path(django.__file__).resolve().parent / "conf" / "locale"

PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-+0#]*\d*(?:\.\d+)?[sdifr]|\{\w*\}")

Key = tuple[str | None, str]


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


@dataclass(frozen=True)
class Catalogue:
    """The messages of one component in one domain."""

    name: str
    domain: str
    entries: tuple[polib.POEntry, ...]

    @property
    def label(self) -> str:
        return f"{self.name} ({self.domain})"


@dataclass(frozen=True)
class Gap:
    catalogue: str
    msgctxt: str | None
    msgid: str
    problem: str  # "missing" or "placeholders"

    def __str__(self) -> str:
        context = f" [{self.msgctxt}]" if self.msgctxt else ""
        problem = "thiếu bản dịch" if self.problem == "missing" else "sai tham số"
        return f"{self.catalogue}: {problem}{context}: {self.msgid!r}"


@dataclass
class Coverage:
    catalogue: Catalogue
    gaps: list[Gap] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.catalogue.entries)

    @property
    def translated(self) -> int:
        return self.total - len(self.gaps)


def _key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def _messages(po_path: Path) -> tuple[polib.POEntry, ...]:
    return tuple(
        entry for entry in polib.pofile(str(po_path)) if entry.msgid and not entry.obsolete
    )


def _source_catalogue(locale_dir: Path, domain: str) -> Path | None:
    """The English catalogue of a component, or its fullest translation if it has none."""
    english = locale_dir / "en" / "LC_MESSAGES" / f"{domain}.po"
    if english.exists():
        return english
    candidates = sorted(locale_dir.glob(f"*/LC_MESSAGES/{domain}.po"))
    return max(candidates, key=lambda path: len(_messages(path)), default=None)


def _project_messages(domain: str) -> tuple[polib.POEntry, ...]:
    """The project's translatable strings, extracted from a copy of its source."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / PROJECT
        shutil.copytree(
            PROJECT_DIR,
            copy,
            ignore=shutil.ignore_patterns(
                "tests", "locale", "node_modules", "__pycache__", "*.pyc"
            ),
        )
        (copy / "locale").mkdir()
        with chdir(copy), override_settings(LOCALE_PATHS=[]):
            call_command(
                "makemessages",
                locale=[LANGUAGE],
                domain=domain,
                keep_pot=True,
                no_location=True,
                verbosity=0,
            )
        template = copy / "locale" / f"{domain}.pot"
        return _messages(template) if template.exists() else ()


def _app_locale_dirs(domain: str) -> Iterator[tuple[str, Path]]:
    for config in apps.get_app_configs():
        if config.name == PROJECT or config.name.startswith(f"{PROJECT}."):
            continue
        if domain == "djangojs" and config.name not in JAVASCRIPT_PACKAGES:
            continue
        locale_dir = Path(config.path) / "locale"
        if locale_dir.is_dir():
            yield config.name, locale_dir


def catalogues_in_use() -> list[Catalogue]:
    found = []
    for domain in DOMAINS:
        found.append(Catalogue(PROJECT, domain, _project_messages(domain)))
        components = [*_app_locale_dirs(domain), ("django", DJANGO_LOCALE)]
        for name, locale_dir in components:
            source = _source_catalogue(locale_dir, domain)
            if source:
                found.append(Catalogue(name, domain, _messages(source)))
    return [catalogue for catalogue in found if catalogue.entries]


def vietnamese_catalogues(domain: str) -> list[Path]:
    """The Vietnamese catalogues Django merges for ``domain``, the one that wins first."""
    locale_dirs = [Path(path) for path in settings.LOCALE_PATHS]
    locale_dirs += [locale_dir for _, locale_dir in _app_locale_dirs(domain)]
    locale_dirs.append(DJANGO_LOCALE)
    paths = [directory / LANGUAGE / "LC_MESSAGES" / f"{domain}.po" for directory in locale_dirs]
    return [path for path in paths if path.exists()]


def translations(po_paths: Iterable[Path]) -> dict[Key, polib.POEntry]:
    """For each message, the first non-empty, non-fuzzy translation in ``po_paths``."""
    found: dict[Key, polib.POEntry] = {}
    for path in po_paths:
        for entry in polib.pofile(str(path)).translated_entries():
            found.setdefault(_key(entry), entry)
    return found


def _keeps_placeholders(message: polib.POEntry, translation: polib.POEntry) -> bool:
    """Vietnamese has one plural form, used for every count: it keeps the placeholders of the
    plural message, or of the singular where that one names the count too ("%(n)s page")."""
    if message.msgid_plural:
        accepted = [placeholders(message.msgid_plural)]
        if placeholders(message.msgid):
            accepted.append(placeholders(message.msgid))
        texts = list(translation.msgstr_plural.values()) or [translation.msgstr]
    else:
        accepted = [placeholders(message.msgid)]
        texts = [translation.msgstr] if translation.msgstr else []
    return bool(texts) and all(placeholders(text) in accepted for text in texts)


def check(catalogue: Catalogue, available: dict[Key, polib.POEntry]) -> Coverage:
    coverage = Coverage(catalogue)
    for message in catalogue.entries:
        translation = available.get(_key(message))
        if translation is None:
            problem = "missing"
        elif not _keeps_placeholders(message, translation):
            problem = "placeholders"
        else:
            continue
        coverage.gaps.append(Gap(catalogue.label, message.msgctxt, message.msgid, problem))
    return coverage


def coverage_in_use() -> list[Coverage]:
    available = {domain: translations(vietnamese_catalogues(domain)) for domain in DOMAINS}
    return [check(catalogue, available[catalogue.domain]) for catalogue in catalogues_in_use()]


def percent(translated: int, total: int) -> str:
    """``99,6%``, rounded down: a gap never shows as 100%."""
    share = 100 if not total else math.floor(translated * 1000 / total) / 10
    return format_percent(share, 1)
