"""``tuyengiao refs``: document references as JSON lines, from a file or stdin."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

SEEDS_DIR = Path(__file__).resolve().parents[4].parent / "shared" / "seeds"
KEYS = {
    "kind_word",
    "symbol",
    "symbol_text",
    "number",
    "family",
    "type_code",
    "issuer_code",
    "date",
    "issuer_phrase",
    "partial",
    "start",
    "end",
}


def run_refs(*args: str) -> tuple[str, list[dict[str, Any]]]:
    """Run the command; return its raw output and each line parsed as JSON."""
    out = io.StringIO()
    call_command("refs", *args, stdout=out, stderr=io.StringIO())
    output = out.getvalue()
    return output, [json.loads(line) for line in output.splitlines()]


def test_refs_on_a_seed_file_prints_one_json_object_per_reference() -> None:
    """A seed article gives one line per reference, with every key, Vietnamese letters
    unescaped and spans that index the file's text."""
    path = SEEDS_DIR / "004_72e5130f62c3af75.txt"
    if not path.is_file():
        pytest.skip(f"seed articles not found at {SEEDS_DIR} (../shared/seeds from the project)")
    output, rows = run_refs(str(path))
    assert "Ban Bí thư" in output
    assert all(set(row) == KEYS for row in rows)
    assert [row["symbol"] for row in rows] == [
        "30-CT/TW",
        "30-CT/TW",
        "241-KH/TU",
        "30-CT/TW",
        "229-KH/QU",
        "30-CT/TW",
    ]
    text = path.read_text(encoding="utf-8")
    plan = rows[2]
    assert text[plan["start"] : plan["end"]].startswith("Kế hoạch số 241-KH/TU")
    assert plan == {
        "kind_word": "Kế hoạch",
        "symbol": "241-KH/TU",
        "symbol_text": "241-KH/TU",
        "number": "241",
        "family": "party",
        "type_code": "KH",
        "issuer_code": "TU",
        "date": "2024-05-30",
        "issuer_phrase": "Ban Thường vụ Thành ủy Hà Nội",
        "partial": False,
        "start": plan["start"],
        "end": plan["end"],
    }


def test_refs_reads_stdin_for_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    """``-`` reads standard input; partial references have null symbol fields."""
    text = "Theo Kế hoạch số 147/KH-UBND ngày 15/5/2020 và Nghị quyết số 15 của Bộ Chính trị."
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    _, rows = run_refs("-")
    assert rows == [
        {
            "kind_word": "Kế hoạch",
            "symbol": "147/KH-UBND",
            "symbol_text": "147/KH-UBND",
            "number": "147",
            "family": "state",
            "type_code": "KH",
            "issuer_code": "UBND",
            "date": "2020-05-15",
            "issuer_phrase": None,
            "partial": False,
            "start": 5,
            "end": 43,
        },
        {
            "kind_word": "Nghị quyết",
            "symbol": None,
            "symbol_text": None,
            "number": "15",
            "family": None,
            "type_code": None,
            "issuer_code": None,
            "date": None,
            "issuer_phrase": "Bộ Chính trị",
            "partial": True,
            "start": 47,
            "end": 80,
        },
    ]


def test_refs_prints_nothing_for_text_without_references(monkeypatch: pytest.MonkeyPatch) -> None:
    """No reference, no output (not an empty JSON array)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("Hoàn thành 84/87 đầu việc.\n"))
    assert run_refs("-") == ("", [])


@pytest.mark.parametrize(
    ("make_path", "message"),
    [
        (lambda tmp: tmp / "khong-co.txt", "tệp không tồn tại"),
        (lambda tmp: tmp, "đây là một thư mục"),
        (lambda tmp: _write(tmp / "utf16.txt", "Chỉ thị".encode("utf-16")), "không phải UTF-8"),
    ],
    ids=["missing", "directory", "not-utf8"],
)
def test_refs_unreadable_input_is_a_command_error_in_vietnamese(
    tmp_path: Path, make_path: Callable[[Path], Path], message: str
) -> None:
    """A missing file, a directory or a non-UTF-8 file ends in a CommandError that names the
    file, in Vietnamese, not a traceback."""
    path = make_path(tmp_path)
    with pytest.raises(CommandError, match=message) as error:
        call_command("refs", str(path), stdout=io.StringIO())
    assert str(path) in str(error.value)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
