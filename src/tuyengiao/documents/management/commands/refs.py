"""``tuyengiao refs FILE``: list the document references found in a text, as JSON lines.

One JSON object per reference and line (Vietnamese letters not escaped), with the keys of
:meth:`tuyengiao.documents.references.Reference.to_json`. ``start``/``end`` are character
offsets in the decoded text (UTF-8; a byte-order mark is dropped first). ``-`` reads stdin.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuyengiao.documents.references import extract_references


def read_input(path: str) -> str:
    """Return the text of ``path`` (UTF-8) or of stdin for ``-``; CommandError if unreadable."""
    name = "đầu vào chuẩn (stdin)" if path == "-" else f"tệp “{path}”"
    try:
        if path == "-":
            return sys.stdin.read()
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(f"Không đọc được {name}: nội dung không phải UTF-8.") from exc
    except FileNotFoundError as exc:
        raise CommandError(f"Không đọc được {name}: tệp không tồn tại.") from exc
    except IsADirectoryError as exc:
        raise CommandError(f"Không đọc được {name}: đây là một thư mục.") from exc
    except PermissionError as exc:
        raise CommandError(f"Không đọc được {name}: không có quyền đọc.") from exc
    except OSError as exc:
        # Rarer failures (I/O errors, bad names) keep the system's own reason.
        raise CommandError(f"Không đọc được {name}: {exc.strerror or exc}.") from exc


class Command(BaseCommand):
    help = (
        "Tìm các trích dẫn văn bản (số, ký hiệu, ngày, cơ quan ban hành) trong một tệp văn "
        "bản và in mỗi trích dẫn thành một dòng JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp văn bản UTF-8, hoặc - để đọc stdin.")

    def handle(self, *args: Any, **options: Any) -> None:
        text = read_input(options["file"])
        for reference in extract_references(text):
            self.stdout.write(json.dumps(reference.to_json(), ensure_ascii=False))
