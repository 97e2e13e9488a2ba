"""The translation coverage check finds every gap, and looks where Django looks."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

from tuyengiao.core.i18n_coverage import (
    Catalogue,
    catalogues_in_use,
    check,
    percent,
    translations,
    vietnamese_catalogues,
)

SOURCE = r"""
msgid ""
msgstr ""

msgid "Save"
msgstr ""

msgid "Delete"
msgstr ""

msgid "Draft"
msgstr ""

msgid "Edit '%(title)s'"
msgstr ""

msgid "Page %s of %s"
msgstr ""

msgctxt "past tense"
msgid "Published"
msgstr ""

msgid "%(count)s page"
msgid_plural "%(count)s pages"
msgstr[0] ""
msgstr[1] ""

msgid "One item"
msgid_plural "%(count)s items"
msgstr[0] ""
msgstr[1] ""

msgid "Also deletes %(translations)s translation."
msgid_plural "Also deletes %(children)s pages and %(translations)s translations."
msgstr[0] ""
msgstr[1] ""
"""

PROJECT = r"""
msgid ""
msgstr ""
"Plural-Forms: nplurals=1; plural=0;\n"

msgid "Save"
msgstr "Lưu"

#, fuzzy
msgid "Draft"
msgstr "Bản nháp"

#, fuzzy
msgid "Delete"
msgstr "Xóa"

msgid "Edit '%(title)s'"
msgstr "Sửa “%(tieu_de)s”"

msgid "Page %s of %s"
msgstr "Trang %s trên %s"

msgctxt "past tense"
msgid "Published"
msgstr "Đã xuất bản"

msgid "%(count)s page"
msgid_plural "%(count)s pages"
msgstr[0] "%(count)s trang"

msgid "One item"
msgid_plural "%(count)s items"
msgstr[0] "một mục"

msgid "Also deletes %(translations)s translation."
msgid_plural "Also deletes %(children)s pages and %(translations)s translations."
msgstr[0] "Cũng xóa %(translations)s bản dịch."
"""

COMPONENT = r"""
msgid ""
msgstr ""

msgid "Draft"
msgstr "Nháp"

msgid "Save"
msgstr "Lưu lại"

msgid "Published"
msgstr "Xuất bản"
"""


@pytest.fixture
def catalogue(tmp_path: Path) -> Catalogue:
    (tmp_path / "source.po").write_text(SOURCE, encoding="utf-8")
    entries = tuple(entry for entry in polib.pofile(str(tmp_path / "source.po")) if entry.msgid)
    return Catalogue("fake", "django", entries)


@pytest.fixture
def available(tmp_path: Path) -> dict:
    (tmp_path / "project.po").write_text(PROJECT, encoding="utf-8")
    (tmp_path / "component.po").write_text(COMPONENT, encoding="utf-8")
    return translations([tmp_path / "project.po", tmp_path / "component.po"])


def test_every_gap_is_reported(catalogue, available):
    coverage = check(catalogue, available)

    gaps = {(gap.msgctxt, gap.msgid): gap.problem for gap in coverage.gaps}
    assert gaps == {
        # Fuzzy in the project's catalogue and nowhere else: missing.
        (None, "Delete"): "missing",
        # A renamed placeholder would raise KeyError when the page is shown.
        (None, "Edit '%(title)s'"): "placeholders",
        # The one Vietnamese form must keep the count of the plural message (a singular that
        # names its own placeholders may be followed instead).
        (None, "One item"): "placeholders",
    }
    assert (coverage.total, coverage.translated) == (9, 6)


def test_the_first_catalogue_wins_and_fuzzy_falls_through(available):
    assert available[(None, "Save")].msgstr == "Lưu"
    # The project's fuzzy entry is not used; the component's translation is.
    assert available[(None, "Draft")].msgstr == "Nháp"
    # A context is part of the message: the component's "Published" has none.
    assert available[("past tense", "Published")].msgstr == "Đã xuất bản"
    assert available[(None, "Published")].msgstr == "Xuất bản"


def test_coverage_is_rounded_down():
    assert percent(1999, 2000) == "99,9%"
    assert percent(2000, 2000) == "100%"
    assert percent(1, 3) == "33,3%"


def test_the_catalogues_in_use_are_those_django_loads():
    found = {(catalogue.name, catalogue.domain): catalogue for catalogue in catalogues_in_use()}

    assert {
        ("tuyengiao", "django"),
        ("wagtail.admin", "django"),
        ("wagtail.admin", "djangojs"),
        ("wagtail.images", "django"),
        ("taggit", "django"),
        ("django.contrib.auth", "django"),
        ("django", "django"),
    } <= set(found)
    # Not installed, so never shown.
    assert not {name for name, _ in found} & {"django.contrib.admin", "django.contrib.gis"}
    # The project's own strings come from its source, templates included, tests excluded.
    project = {entry.msgid for entry in found[("tuyengiao", "django")].entries}
    assert {"Sign-in temporarily locked", "Back to sign-in"} <= project


def test_the_project_catalogue_is_looked_up_first():
    project = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.po"
    paths = vietnamese_catalogues("django")

    assert paths[0] == project
    assert paths[-1].parts[-5:] == ("conf", "locale", "vi", "LC_MESSAGES", "django.po")
