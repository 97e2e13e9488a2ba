"""Compile the project's .po catalogues to .mo without GNU gettext (``make messages``).

The .mo files are committed, so that a fresh clone runs without a compile step; a test
checks that each one matches its .po.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src" / "tuyengiao" / "locale"


def main() -> int:
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"{po_path.relative_to(LOCALE_DIR)}: {catalogue.percent_translated()}% translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
