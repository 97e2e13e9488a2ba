"""Finding document references in free Vietnamese text, on hand-written cases and the seeds."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuyengiao.documents.numbering import format_number, parse_number
from tuyengiao.documents.references import Reference, extract_references

POLITBURO = "Bộ Chính trị"
SEEDS_DIR = Path(__file__).resolve().parents[4].parent / "shared" / "seeds"


class Row(NamedTuple):
    """One reference as the tests compare it; ``citation`` is ``text[start:end]``."""

    citation: str
    kind_word: str | None
    symbol: str | None
    number: str | None
    date: str | None
    issuer: str | None
    partial: bool


def cited(
    citation: str, kind_word: str | None, symbol: str, *, date: str | None = None,
    issuer: str | None = None,
) -> Row:  # fmt: skip
    """An expected reference with a full symbol; its number is the symbol's, as written."""
    parsed = parse_number(symbol)
    assert parsed is not None, symbol
    return Row(citation, kind_word, symbol, parsed.number, date, issuer, partial=False)


def partial(citation: str, kind_word: str, number: str, *, issuer: str | None = None) -> Row:
    """An expected partial reference: a kind word and a number, no symbol."""
    return Row(citation, kind_word, None, number, None, issuer, partial=True)


def summary(text: str) -> list[Row]:
    """The references of ``text`` as comparable rows, each with its citation sliced by span."""
    return [
        Row(
            text[ref.start : ref.end],
            ref.kind_word,
            format_number(ref.symbol) if ref.symbol else None,
            ref.number,
            ref.date.isoformat() if ref.date else None,
            ref.issuer_phrase,
            ref.partial,
        )
        for ref in extract_references(text)
    ]


CASES: list[tuple[str, str, list[Row]]] = [
    (
        "full citation: kind, số, symbol, date, issuer; stops at 'về'",
        "Thực hiện Chỉ thị số 30-CT/TW ngày 05/02/2024 của Ban Bí thư về công tác tuyên truyền.",
        [
            cited(
                "Chỉ thị số 30-CT/TW ngày 05/02/2024 của Ban Bí thư",
                "Chỉ thị", "30-CT/TW", date="2024-02-05", issuer="Ban Bí thư",
            ),
        ],
    ),
    (
        "comma before 'ngày'; the term belongs to the issuer",
        "Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng khóa XIII về",
        [
            cited(
                "Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng khóa XIII",
                "Kết luận", "21-KL/TW", date="2021-10-25",
                issuer="Ban Chấp hành Trung ương Đảng khóa XIII",
            ),
        ],
    ),
    (
        "date in words; legal normative number",
        "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư",
        [
            cited(
                "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ",
                "Nghị định", "30/2020/NĐ-CP", date="2020-03-05", issuer="Chính phủ",
            ),
        ],
    ),
    (
        "dashed date; issuer stops at punctuation",
        "Quyết định số 12/QĐ-UBND ngày 01-10-1997 của UBND quận Ba Đình; các phường",
        [
            cited(
                "Quyết định số 12/QĐ-UBND ngày 01-10-1997 của UBND quận Ba Đình",
                "Quyết định", "12/QĐ-UBND", date="1997-10-01", issuer="UBND quận Ba Đình",
            ),
        ],
    ),
    (
        "dotted date without 'ngày'; law number",
        "Kế hoạch 149-KH/QU, 23.7.2019 và Luật số 80/2015/QH13.",
        [
            cited("Kế hoạch 149-KH/QU, 23.7.2019", "Kế hoạch", "149-KH/QU", date="2019-07-23"),
            cited("Luật số 80/2015/QH13", "Luật", "80/2015/QH13"),
        ],
    ),
    (
        "later mentions without date; 'và' between two references",
        "Nghị quyết 09-NQ/TU và Kế hoạch số 155-KH/TU của Thành uỷ Hà Nội, Quận ủy",
        [
            cited("Nghị quyết 09-NQ/TU", "Nghị quyết", "09-NQ/TU"),
            cited(
                "Kế hoạch số 155-KH/TU của Thành uỷ Hà Nội",
                "Kế hoạch", "155-KH/TU", issuer="Thành uỷ Hà Nội",
            ),
        ],
    ),
    (
        "bare symbols, in brackets and in a State header",
        "theo kế hoạch (241-KH/TU). Số: 147/KH-UBND",
        [
            cited("241-KH/TU", None, "241-KH/TU"),
            cited("147/KH-UBND", None, "147/KH-UBND"),
        ],
    ),
    (
        "partial references: number without symbol, with and without issuer",
        "Nghị quyết số 15 của Bộ Chính trị về Thủ đô; Quyết định số 1234, các đơn vị",
        [
            partial("Nghị quyết số 15 của Bộ Chính trị", "Nghị quyết", "15", issuer=POLITBURO),
            partial("Quyết định số 1234", "Quyết định", "1234"),
        ],
    ),
    (
        "all-caps title",
        "CHỈ THỊ SỐ 30-CT/TW NGÀY 05/02/2024 CỦA BAN BÍ THƯ VỀ CÔNG TÁC TUYÊN TRUYỀN MIỆNG",
        [
            cited(
                "CHỈ THỊ SỐ 30-CT/TW NGÀY 05/02/2024 CỦA BAN BÍ THƯ",
                "CHỈ THỊ", "30-CT/TW", date="2024-02-05", issuer="BAN BÍ THƯ",
            ),
        ],
    ),
    (
        "noise: spaces and an en dash around the dash, look-alike Ð, lower-case kind word",
        "Kế hoạch số 158 \u2013 KH/QU ngày 26/11/2019; thực hiện nghị quyết 05-NQ/\u00d0U",
        [
            cited(
                "Kế hoạch số 158 \u2013 KH/QU ngày 26/11/2019",
                "Kế hoạch", "158-KH/QU", date="2019-11-26",
            ),
            cited("nghị quyết 05-NQ/\u00d0U", "nghị quyết", "05-NQ/ĐU"),
        ],
    ),
    (
        "joint issuer, numbered issuer with a space, 'và Dân vận' inside a board name",
        "Hướng dẫn số 05-HD/BTCTW-BTGTW; Kế hoạch số 12-KH/BCĐ 35 của Ban Tuyên giáo và Dân "
        "vận Thành ủy và UBND",
        [
            cited("Hướng dẫn số 05-HD/BTCTW-BTGTW", "Hướng dẫn", "05-HD/BTCTW-BTGTW"),
            cited(
                "Kế hoạch số 12-KH/BCĐ 35 của Ban Tuyên giáo và Dân vận Thành ủy",
                "Kế hoạch", "12-KH/BCĐ 35", issuer="Ban Tuyên giáo và Dân vận Thành ủy",
            ),
        ],
    ),
    (
        "official letter with 'Văn bản'",
        "Văn bản số 838/UBND-VHTT ngày 9/6/2020 về đẩy mạnh tuyên truyền",
        [
            cited(
                "Văn bản số 838/UBND-VHTT ngày 9/6/2020",
                "Văn bản", "838/UBND-VHTT", date="2020-06-09",
            ),
        ],
    ),
    (
        "issuer stops at 'gắn', at 'năm', at 'đã', at 'nhằm', at a quote",
        "Chỉ thị 05-CT/TW của Bộ Chính trị gắn với Chỉ thị 35-CT/TW của Bộ Chính trị năm 2019, "
        "Kế hoạch 5-KH/TU của Thành ủy đã ban hành, Kế hoạch 6-KH/TU của Thành ủy nhằm, "
        "Chỉ thị 7-CT/TW của Bộ Chính trị “Tự soi, tự sửa”",
        [
            cited("Chỉ thị 05-CT/TW của Bộ Chính trị", "Chỉ thị", "05-CT/TW", issuer=POLITBURO),
            cited("Chỉ thị 35-CT/TW của Bộ Chính trị", "Chỉ thị", "35-CT/TW", issuer=POLITBURO),
            cited("Kế hoạch 5-KH/TU của Thành ủy", "Kế hoạch", "5-KH/TU", issuer="Thành ủy"),
            cited("Kế hoạch 6-KH/TU của Thành ủy", "Kế hoạch", "6-KH/TU", issuer="Thành ủy"),
            cited("Chỉ thị 7-CT/TW của Bộ Chính trị", "Chỉ thị", "7-CT/TW", issuer=POLITBURO),
        ],
    ),
    (
        "issuer stops where the next reference starts",
        "Chỉ thị 05-CT/TW của Bộ Chính trị Kết luận số 01-KL/TW",
        [
            cited("Chỉ thị 05-CT/TW của Bộ Chính trị", "Chỉ thị", "05-CT/TW", issuer=POLITBURO),
            cited("Kết luận số 01-KL/TW", "Kết luận", "01-KL/TW"),
        ],
    ),
    (
        "'của' followed by a lower-case word is not an issuer; an impossible date is dropped",
        "Kế hoạch số 5-KH/QU của quận. Kế hoạch số 6-KH/QU ngày 31/2/2024.",
        [
            cited("Kế hoạch số 5-KH/QU", "Kế hoạch", "5-KH/QU"),
            cited("Kế hoạch số 6-KH/QU", "Kế hoạch", "6-KH/QU"),
        ],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_extract_references_table(text: str, expected: list[Row]) -> None:
    """Each citation form is found with its kind word, symbol, date and issuer, and its span
    covers exactly the citation."""
    assert summary(text) == expected


NOT_REFERENCES = [
    "hoàn thành 84/87 đầu việc",
    "1.418 lớp/230.516 lượt học viên, 3.192/3.327 đảng viên, đạt 95,56%",
    "Tính đến 8/9, ước thực hiện đến 30/9",
    "Kỷ niệm 90 năm (17/3/1930 - 17/3/2020), nhiệm kỳ 2020 - 2025",
    "phòng chống dịch bệnh Covid-19; Ngày 02-07; quý 06; (27/7/1947-27/7/2024)",
    "Nghị quyết Trung ương 4 (khóa XIII); các Chỉ thị, Nghị quyết của Đảng",
    "trên Cổng/Trang thông tin điện tử quận/phường, 11/11 phường",
    "Báo cáo số liệu 9 tháng; báo cáo viên",
    "Ban Chỉ đạo 35 quận; Nghị quyết số 15/2; Kế hoạch số 3,5",
]


@pytest.mark.parametrize("text", NOT_REFERENCES)
def test_plain_numbers_dates_and_ratios_are_not_references(text: str) -> None:
    """Ratios, thousands, dates, years, kind words without a number: no reference."""
    assert extract_references(text) == []


def test_spans_index_the_original_text_when_it_is_not_nfc() -> None:
    """Decomposed input (NFD, common from some editors) gives the same references, and the
    spans index the original string, shifted by the extra combining marks before them."""
    composed = "Thực hiện Kế hoạch số 241-KH/TU ngày 30/5/2024 của Ban Thường vụ Thành ủy Hà Nội."
    decomposed = unicodedata.normalize("NFD", composed)
    assert len(decomposed) > len(composed)
    [nfc_ref] = extract_references(composed)
    [nfd_ref] = extract_references(decomposed)
    citation = decomposed[nfd_ref.start : nfd_ref.end]
    assert unicodedata.normalize("NFC", citation) == composed[nfc_ref.start : nfc_ref.end]
    assert nfd_ref.start > nfc_ref.start
    assert nfd_ref.issuer_phrase == "Ban Thường vụ Thành ủy Hà Nội"


def test_spans_are_exact_when_only_part_of_the_text_is_decomposed() -> None:
    """Mixed input: a decomposed word before the citation shifts its span by exactly the
    extra code points."""
    prefix = unicodedata.normalize("NFD", "Thành uỷ ") + "và "
    text = prefix + "Chỉ thị số 35-CT/TW."
    [ref] = extract_references(text)
    assert text[ref.start : ref.end] == "Chỉ thị số 35-CT/TW"


def test_to_json_is_flat_with_iso_dates() -> None:
    """``to_json`` gives the keys the refs command prints, with the canonical symbol."""
    [ref] = extract_references("Kế hoạch số 158 - KH/QU ngày 26/11/2019 của Quận ủy.")
    assert ref.to_json() == {
        "kind_word": "Kế hoạch",
        "symbol": "158-KH/QU",
        "symbol_text": "158 - KH/QU",
        "number": "158",
        "family": "party",
        "type_code": "KH",
        "issuer_code": "QU",
        "date": "2019-11-26",
        "issuer_phrase": "Quận ủy",
        "partial": False,
        "start": 0,
        "end": len("Kế hoạch số 158 - KH/QU ngày 26/11/2019 của Quận ủy"),
    }


@given(st.text())
def test_extract_references_never_raises_and_spans_are_ordered(text: str) -> None:
    """Arbitrary text gives references whose spans lie inside it, in order, not overlapping."""
    end = 0
    for ref in extract_references(text):
        assert isinstance(ref, Reference)
        assert end <= ref.start < ref.end <= len(text)
        end = ref.end


# --- Seeds -----------------------------------------------------------------------------------

BCH_XIII = "Ban Bí thư Trung ương Đảng khóa XIII"
CT30 = "Chỉ thị số 30-CT/TW ngày 05/02/2024 của " + BCH_XIII

SEED_EXPECTED: dict[str, list[Row]] = {
    "000_2fa3e06238549911.txt": [
        cited("Kết luận số 01-KL/TW", "Kết luận", "01-KL/TW"),
        cited("Chỉ thị 05-CT/TW của Bộ Chính trị", "Chỉ thị", "05-CT/TW", issuer=POLITBURO),
        partial("Nghị quyết số 15 của Bộ Chính trị", "Nghị quyết", "15", issuer=POLITBURO),
        cited("Nghị quyết 09-NQ/TU của Thành ủy", "Nghị quyết", "09-NQ/TU", issuer="Thành ủy"),
        cited(
            "Kết luận số 01-KL/TW của Bộ Chính trị",
            "Kết luận", "01-KL/TW", issuer=POLITBURO,
        ),
        cited(
            "Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị",
            "Chỉ thị", "05-CT/TW", date="2016-05-15", issuer=POLITBURO,
        ),
    ],
    "001_fd018d078deb3e02.txt": [
        cited(
            "Chỉ thị số 35-CT/TW của Bộ Chính trị",
            "Chỉ thị", "35-CT/TW", issuer=POLITBURO,
        ),
        cited(
            "Kế hoạch số 155-KH/TU của Thành uỷ Hà Nội",
            "Kế hoạch", "155-KH/TU", issuer="Thành uỷ Hà Nội",
        ),
        cited(
            "Kế hoạch số 149-KH/QU ngày 23/7/2019",
            "Kế hoạch", "149-KH/QU", date="2019-07-23",
        ),
        cited(
            "Kế hoạch số 158 - KH/QU ngày 26/11/2019",
            "Kế hoạch", "158-KH/QU", date="2019-11-26",
        ),
        cited(
            "Kế hoạch số 147/KH-UBND ngày 15/5/2020",
            "Kế hoạch", "147/KH-UBND", date="2020-05-15",
        ),
        cited(
            "Văn bản số 838/UBND-VHTT ngày 9/6/2020",
            "Văn bản", "838/UBND-VHTT", date="2020-06-09",
        ),
    ],
    "002_7ab33bf86e8abd86.txt": [
        # "Nghị quyết 15-NQ/TW năm 2022": the year ends the reference, it is not a date.
        cited("Nghị quyết 15-NQ/TW", "Nghị quyết", "15-NQ/TW"),
    ],
    "003_cfb8b36c757be6de.txt": [
        cited(
            "Kết luận số 01-KL/TW của Bộ Chính trị",
            "Kết luận", "01-KL/TW", issuer=POLITBURO,
        ),
        cited(
            "Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng khóa XIII",
            "Kết luận", "21-KL/TW", date="2021-10-25",
            issuer="Ban Chấp hành Trung ương Đảng khóa XIII",
        ),
    ],
    "004_72e5130f62c3af75.txt": [
        # The title, then the same citation again in the body.
        cited(CT30, "Chỉ thị", "30-CT/TW", date="2024-02-05", issuer=BCH_XIII),
        cited(CT30, "Chỉ thị", "30-CT/TW", date="2024-02-05", issuer=BCH_XIII),
        cited(
            "Kế hoạch số 241-KH/TU ngày 30/5/2024 của Ban Thường vụ Thành ủy Hà Nội",
            "Kế hoạch", "241-KH/TU", date="2024-05-30", issuer="Ban Thường vụ Thành ủy Hà Nội",
        ),
        cited(
            "Chỉ thị số 30-CT/TW của " + BCH_XIII,
            "Chỉ thị", "30-CT/TW", issuer=BCH_XIII,
        ),
        # "ngày 10/6/2023, Quận ủy Ba Đình đã ban hành Kế hoạch số 229-KH/QU triển khai …":
        # the date comes before the kind word, so it is not this reference's date.
        cited("Kế hoạch số 229-KH/QU", "Kế hoạch", "229-KH/QU"),
        cited(CT30, "Chỉ thị", "30-CT/TW", date="2024-02-05", issuer=BCH_XIII),
    ],
}  # fmt: skip


def read_seed(name: str) -> str:
    """The text of one seed article, or a skip when the shared seeds are not on this machine."""
    path = SEEDS_DIR / name
    if not path.is_file():
        pytest.skip(f"seed articles not found at {SEEDS_DIR} (../shared/seeds from the project)")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SEED_EXPECTED))
def test_seed_articles_give_exactly_the_expected_references(name: str) -> None:
    """Every reference a careful reader finds in the seed article, and nothing else: no
    figures, dates, ratios or view counters from the page chrome."""
    assert summary(read_seed(name)) == SEED_EXPECTED[name]
