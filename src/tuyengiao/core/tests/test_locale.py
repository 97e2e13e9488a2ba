"""The project's Vietnamese catalogue is compiled, complete and keeps its placeholders."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[sd]|\{\w*\}")
CATALOGUES = sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/*.po"))


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_compiled_catalogue_matches_its_source(po_path):
    """Each .mo holds exactly the .po's translations (run ``make messages`` after editing)."""
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(po_path)}
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.mofile(po_path.with_suffix(".mo"))
        if e.msgid
    }
    assert compiled == {key: value for key, value in source.items() if value}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_every_message_is_translated_with_its_placeholders(po_path):
    catalogue = polib.pofile(po_path)
    assert not catalogue.untranslated_entries()
    assert not catalogue.fuzzy_entries()
    for entry in catalogue:
        translations = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        # Vietnamese has a single plural form, which often needs the plural message's
        # placeholders ("Delete 1 page" / "Delete %(counter)s pages" → "Xóa %(counter)s trang").
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        expected = [sorted(PLACEHOLDER.findall(source)) for source in sources]
        for translation in translations:
            assert sorted(PLACEHOLDER.findall(translation)) in expected, entry.msgid
