"""Add the project's new translatable strings to the Vietnamese catalogue (needs GNU gettext).

Django's makemessages would mark the catalogue's completions of Wagtail and Django messages
as obsolete, since they are not in this project's source; so it is only used to extract the
template (.pot), and new entries are merged into the catalogue here. Translate the new
entries (empty msgstr), then run ``make messages``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "tuyengiao"
CATALOGUE = PACKAGE / "locale" / "vi" / "LC_MESSAGES" / "django.po"
TEMPLATE = PACKAGE / "locale" / "django.pot"


def main() -> int:
    backup = CATALOGUE.read_bytes()
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tuyengiao",
                "makemessages",
                "-l",
                "vi",
                "--keep-pot",
                "--ignore=tests/*",
                "--ignore=*/tests/*",
                "--no-location",
            ],
            cwd=PACKAGE,
            check=True,
        )
    finally:
        CATALOGUE.write_bytes(backup)
    catalogue, template = polib.pofile(str(CATALOGUE)), polib.pofile(str(TEMPLATE))
    known = {(entry.msgctxt, entry.msgid) for entry in catalogue}
    added = 0
    for entry in template:
        if (entry.msgctxt, entry.msgid) not in known:
            entry.occurrences = []
            catalogue.append(entry)
            added += 1
    catalogue.save()
    TEMPLATE.unlink()
    shutil.rmtree(PACKAGE / "locale" / "__pycache__", ignore_errors=True)
    print(f"{added} new message(s) to translate in {CATALOGUE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
