"""Crafted spreadsheets are refused before they are parsed: fast, in little memory, with a
Vietnamese message, and nothing imported."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from tuyengiao.core.tabular import MAX_CELL_CHARS, csv_table, xlsx_table

SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"


def _crafted_xlsx(write_rows) -> bytes:  # type: ignore[no-untyped-def]
    """A real workbook whose sheet body is replaced by what ``write_rows(stream)`` streams, as
    an attacker would build it (never held whole in memory)."""
    template = io.BytesIO()
    Workbook().save(template)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
    ):
        for member in source.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(member.filename, source.read(member))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD)
            write_rows(sheet)
            sheet.write(SHEET_TAIL)
    return buffer.getvalue()


def _huge_cell(megabytes: int):  # type: ignore[no-untyped-def]
    def write(sheet):  # type: ignore[no-untyped-def]
        sheet.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>')
        block = b"A" * (1024 * 1024)
        for _ in range(megabytes):
            sheet.write(block)
        sheet.write(b"</t></is></c></row>")

    return write


def _many_rows(count: int):  # type: ignore[no-untyped-def]
    def write(sheet):  # type: ignore[no-untyped-def]
        batch = []
        for number in range(1, count + 1):
            batch.append(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (number, number))
            if len(batch) == 10_000:
                sheet.write(b"".join(batch))
                batch = []
        sheet.write(b"".join(batch))

    return write


def _refusal(content: bytes) -> tuple[str, float, int]:
    """The message, the seconds and the peak extra memory (bytes) of refusing ``content``;
    timed and traced in separate runs, since tracing slows Python down several times."""
    started = time.perf_counter()
    with pytest.raises(ValidationError) as refused:
        list(xlsx_table(content))
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    with pytest.raises(ValidationError):
        list(xlsx_table(content))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return refused.value.messages[0], elapsed, peak


@pytest.mark.parametrize("megabytes", [40, 300])
def test_one_huge_inline_cell_is_refused_quickly(megabytes):
    """A small file whose one cell unpacks to tens or hundreds of megabytes: refused by the
    unpacked-size limit or by the cell-length scan, never parsed."""
    content = _crafted_xlsx(_huge_cell(megabytes))
    assert len(content) < 2 * 1024 * 1024
    message, elapsed, peak = _refusal(content)
    assert "ký tự" in message or "MB" in message
    assert elapsed < 2
    assert peak < 100 * 1024 * 1024


def test_a_million_rows_are_refused_before_parsing():
    content = _crafted_xlsx(_many_rows(1_000_000))
    message, elapsed, peak = _refusal(content)
    assert "200.000 dòng" in message
    assert elapsed < 2
    assert peak < 100 * 1024 * 1024


def test_a_cell_at_excels_own_limit_is_read():
    """The limits refuse only what no honest table holds: a 32.767-character cell is read."""
    book = Workbook()
    book.active.append(["Mã", "x" * MAX_CELL_CHARS])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = list(xlsx_table(buffer.getvalue()))
    assert rows[0][1][1] == "x" * MAX_CELL_CHARS


def test_rows_up_to_the_limit_are_read(settings):
    settings.IMPORT_MAX_ROWS = 50
    assert len(list(xlsx_table(_crafted_xlsx(_many_rows(50))))) == 50
    with pytest.raises(ValidationError, match="50 dòng"):
        list(xlsx_table(_crafted_xlsx(_many_rows(51))))


def test_csv_rows_and_cells_are_bounded(settings):
    settings.IMPORT_MAX_ROWS = 3
    with pytest.raises(ValidationError, match="3 dòng"):
        list(csv_table(b"a\nb\nc\nd\n"))
    with pytest.raises(ValidationError, match="ký tự"):
        list(csv_table(b"a;" + b"x" * (MAX_CELL_CHARS + 1) + b"\n"))


def test_a_zip_that_is_not_a_workbook_is_refused_plainly():
    with pytest.raises(ValidationError, match="Excel"):
        list(xlsx_table(b"PK\x03\x04 not really a zip"))
