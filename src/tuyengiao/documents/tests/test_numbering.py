"""Parsing, formatting, keys and search forms of document numbers (DOMAIN.md §2)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuyengiao.documents.data.codes import (
    LEGAL_TYPE_CODES,
    PARTY_ISSUER_CODES,
    PARTY_TYPE_CODES,
    STATE_TYPE_CODES,
    STATE_TYPED_CODES,
)
from tuyengiao.documents.numbering import (
    DocumentNumber,
    format_number,
    loose_symbol,
    loose_symbol_query,
    number_key,
    parse_number,
)


def party(number: str, type_code: str, issuer: str) -> DocumentNumber:
    return DocumentNumber("party", "party", number, type_code, issuer, is_draft=not number)


def typed(number: str, type_code: str, issuer: str) -> DocumentNumber:
    return DocumentNumber("state", "state_typed", number, type_code, issuer, is_draft=not number)


def letter(number: str, issuer: str, unit: str) -> DocumentNumber:
    return DocumentNumber("state", "state_letter", number, None, issuer, unit_code=unit)


def legal(number: str, year: int, type_code: str, issuer: str) -> DocumentNumber:
    return DocumentNumber("state", "legal", number, type_code, issuer, year=year)


def law(number: str, year: int, issuer: str) -> DocumentNumber:
    return DocumentNumber("state", "law", number, None, issuer, year=year)


PARSE_CASES = [
    # Every example of DOMAIN.md §2.
    ("149-KH/QU", party("149", "KH", "QU")),
    ("35-CT/TW", party("35", "CT", "TW")),
    ("01-KL/TW", party("01", "KL", "TW")),
    ("15-NQ/TW", party("15", "NQ", "TW")),
    ("241-KH/TU", party("241", "KH", "TU")),
    ("09-NQ/TU", party("09", "NQ", "TU")),
    ("30-CT/TW", party("30", "CT", "TW")),
    ("229-KH/QU", party("229", "KH", "QU")),
    ("147/KH-UBND", typed("147", "KH", "UBND")),
    ("838/UBND-VHTT", letter("838", "UBND", "VHTT")),
    ("30/2020/NĐ-CP", legal("30", 2020, "NĐ", "CP")),
    ("80/2015/QH13", law("80", 2015, "QH13")),
    ("01/2025/QĐ-UBND", legal("01", 2025, "QĐ", "UBND")),
    ("1656/NQ-UBTVQH15", typed("1656", "NQ", "UBTVQH15")),
    # Header forms.
    ("Số 15-NQ/TW", party("15", "NQ", "TW")),
    ("Số: 147/KH-UBND", typed("147", "KH", "UBND")),
    ("số 229-KH/QU", party("229", "KH", "QU")),
    ("Số:147/KH-UBND", typed("147", "KH", "UBND")),
    ("SỐ 30-CT/TW", party("30", "CT", "TW")),
    ("Số : 838/UBND-VHTT", letter("838", "UBND", "VHTT")),
    # Noise: spaces around separators, dash characters, whitespace, look-alikes, NFD.
    ("158 - KH/QU", party("158", "KH", "QU")),
    ("158 \u2013 KH/QU", party("158", "KH", "QU")),
    ("158\u2014KH/QU", party("158", "KH", "QU")),
    ("158\u2212KH/QU", party("158", "KH", "QU")),
    ("158\u2010KH/QU", party("158", "KH", "QU")),
    ("158 -KH / QU", party("158", "KH", "QU")),
    ("147 /KH-UBND", typed("147", "KH", "UBND")),
    ("147/KH \u2013 UBND", typed("147", "KH", "UBND")),
    ("  Số\u00a0\u00a015-NQ/TW \n", party("15", "NQ", "TW")),
    ("15-NQ/\u00d0U", party("15", "NQ", "ĐU")),
    ("7/\u00d0A-UBND", typed("7", "ĐA", "UBND")),
    (unicodedata.normalize("NFD", "số 229-KH/QU"), party("229", "KH", "QU")),
    # Codes with lower-case letters, joint issuers, digits in issuers.
    ("02-QĐi/TW", party("02", "QĐi", "TW")),
    ("5/QyĐ-UBND", typed("5", "QyĐ", "UBND")),
    ("3-CTr/TU", party("3", "CTr", "TU")),
    ("05-HD/BTCTW-BTGTW", party("05", "HD", "BTCTW-BTGTW")),
    ("05-HD/BTCTW - BTGTW", party("05", "HD", "BTCTW-BTGTW")),
    ("12-KH/BCĐ 35", party("12", "KH", "BCĐ 35")),
    ("12-KH/BCĐ35", party("12", "KH", "BCĐ35")),
    ("01/2015/TTLT-BTC-BNV", legal("01", 2015, "TTLT", "BTC-BNV")),
    ("12/UBND-VHTT-TT", letter("12", "UBND", "VHTT-TT")),
    # Unknown but well-formed codes are still numbers.
    ("7-XYZ/ĐUK", party("7", "XYZ", "ĐUK")),
    # Drafts: the number is left blank in the header.
    ("Số    -NQ/ĐU", party("", "NQ", "ĐU")),
    ("-NQ/ĐU", party("", "NQ", "ĐU")),
    ("Số:      /KH-UBND", typed("", "KH", "UBND")),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES, ids=[c[0] for c in PARSE_CASES])
def test_parse_number_reads_every_form_and_noise(text: str, expected: DocumentNumber) -> None:
    """Each DOMAIN.md example, header and noise form parses to its parts, codes as written."""
    assert parse_number(text) == expected


NOT_NUMBERS = [
    "Hà Nội",
    "1/2",
    "KH/QU",
    "2019",
    "",
    "   ",
    "84/87",
    "1.418",
    "30/9",
    "17/3/1930",
    "2020 - 2025",
    "Covid-19",
    "(241-KH/TU)",
    "Số 15-NQ/TW ngày 1/2/2020",
    "15-nq/tw",
    "15-NQ/TW-",
    "Số",
    "số 15",
]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_parse_number_returns_none_for_other_text(text: str) -> None:
    """Places, ratios, dates, years, lone codes, lower-case codes and sentences are not
    numbers: the whole text must be one number and symbol."""
    assert parse_number(text) is None


FORMAT_CASES = [
    (party("229", "KH", "QU"), "229-KH/QU", "Số 229-KH/QU"),
    (party("01", "KL", "TW"), "01-KL/TW", "Số 01-KL/TW"),
    (typed("147", "KH", "UBND"), "147/KH-UBND", "Số: 147/KH-UBND"),
    (letter("838", "UBND", "VHTT"), "838/UBND-VHTT", "Số: 838/UBND-VHTT"),
    (legal("30", 2020, "NĐ", "CP"), "30/2020/NĐ-CP", "Số: 30/2020/NĐ-CP"),
    (law("80", 2015, "QH13"), "80/2015/QH13", "Số: 80/2015/QH13"),
    (party("12", "KH", "BCĐ 35"), "12-KH/BCĐ 35", "Số 12-KH/BCĐ 35"),
    (party("", "NQ", "ĐU"), "-NQ/ĐU", "Số    -NQ/ĐU"),
    (typed("", "KH", "UBND"), "/KH-UBND", "Số:    /KH-UBND"),
]


@pytest.mark.parametrize(
    ("number", "symbol", "header"), FORMAT_CASES, ids=[c[1] for c in FORMAT_CASES]
)
def test_format_number_writes_symbol_and_header(
    number: DocumentNumber, symbol: str, header: str
) -> None:
    """Canonical symbols; headers are ``Số 15-NQ/TW`` (Party, no colon) and
    ``Số: 147/KH-UBND`` (State, colon); a draft leaves a blank for the number."""
    assert format_number(number) == symbol
    assert str(number) == symbol
    assert format_number(number, header=True) == header


def test_format_number_cleans_noise() -> None:
    """A noisy number comes back in its canonical spelling."""
    noisy = parse_number("Số 158 \u2013 KH / QU")
    assert noisy is not None
    assert format_number(noisy) == "158-KH/QU"


DIFFERENT_KEYS = [
    ("01/HĐ-UBND", "01/HD-UBND"),
    ("5/QĐ-UBND", "5/QyĐ-UBND"),
    ("3-CTr/TU", "3-CT/TU"),
    ("3-TTr/TU", "3-TT/TU"),
    ("7/ĐA-UBND", "7/DA-UBND"),
    ("12-KH/TW", "12-Kh/TW"),
    ("147-KH/UBND", "147/KH-UBND"),
    ("147/KH-UBND", "147/UBND-KH"),
    ("30/2020/NĐ-CP", "30/2021/NĐ-CP"),
    ("01-KL/TW", "10-KL/TW"),
]


@pytest.mark.parametrize(("first", "second"), DIFFERENT_KEYS)
def test_number_key_is_case_and_d_sensitive(first: str, second: str) -> None:
    """HĐ≠HD, QĐ≠QyĐ, CTr≠CT, TTr≠TT, ĐA≠DA, case matters, the family and the order of the
    parts matter: codes are never folded or upper-cased to build a key."""
    a, b = parse_number(first), parse_number(second)
    assert a is not None
    assert b is not None
    assert number_key(a) != number_key(b)


SAME_KEYS = [
    ("01-KL/TW", "1-KL/TW"),
    ("Số 01-KL/TW", "001-KL/TW"),
    ("147 /KH-UBND", "Số: 147/KH-UBND"),
    ("15-NQ/\u00d0U", "15-NQ/ĐU"),
    ("12-KH/BCĐ 35", "12-KH/BCĐ35"),
    ("01/2025/QĐ-UBND", "1/2025/QĐ-UBND"),
]


@pytest.mark.parametrize(("first", "second"), SAME_KEYS)
def test_number_key_ignores_leading_zeros_and_noise(first: str, second: str) -> None:
    """``01`` and ``1`` are the same number; spacing, headers, look-alikes and the space in
    ``BCĐ 35`` do not change the key."""
    a, b = parse_number(first), parse_number(second)
    assert a is not None
    assert b is not None
    assert number_key(a) == number_key(b)


def test_number_key_keeps_a_draft_apart() -> None:
    """A draft (blank number) never shares a key with number 0 or any issued number."""
    draft, zero = parse_number("-NQ/ĐU"), parse_number("0-NQ/ĐU")
    assert draft is not None
    assert zero is not None
    assert draft.is_draft
    assert number_key(draft) != number_key(zero)


LOOSE_CASES = [
    ("229 KH QU", "229 kh qu"),
    ("229-kh/qu", "229 kh qu"),
    ("229 kh qu", "229 kh qu"),
    ("229-KH/QU", "229 kh qu"),
    ("Số 229 - KH/QU", "229 kh qu"),
    ("số 229 kh qu", "229 kh qu"),
    ("01-KL/TW", "1 kl tw"),
    ("30/2020/NĐ-CP", "30 2020 nd cp"),
    ("80/2015/QH13", "80 2015 qh 13"),
    ("", None),
    (" /-. ", None),
]


@pytest.mark.parametrize(("text", "expected"), LOOSE_CASES)
def test_loose_symbol_query_normalises_for_search(text: str, expected: str | None) -> None:
    """Search input in any spelling gives one loose form: folded tokens, no leading zeros,
    no ``số``; None when there is nothing to search for."""
    assert loose_symbol_query(text) == expected


def test_loose_symbol_matches_the_query_form_of_stored_numbers() -> None:
    """A stored number's loose form equals the loose form of a user's sloppy query."""
    stored = parse_number("158-KH/QU")
    assert stored is not None
    assert loose_symbol(stored) == loose_symbol_query("158 kh qu")


def test_type_name_comes_from_the_code_lists() -> None:
    """Type codes are named from the data lists; a công văn has no code; unknown codes have
    no name but still parse."""
    names = {
        text: number.type_name
        for text in ("15-NQ/TW", "01/HĐ-UBND", "30/2020/NĐ-CP", "838/UBND-VHTT", "7-XYZ/TU")
        if (number := parse_number(text))
    }
    assert names == {
        "15-NQ/TW": "nghị quyết",
        "01/HĐ-UBND": "hợp đồng",
        "30/2020/NĐ-CP": "nghị định",
        "838/UBND-VHTT": "công văn",
        "7-XYZ/TU": None,
    }


# --- Properties ----------------------------------------------------------------------------

_UPPER_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZĐĂÂÊÔƠƯ"
random_codes = st.text(alphabet=_UPPER_LETTERS, min_size=1, max_size=6)
numbers = st.builds(lambda n, zeros: "0" * zeros + str(n), st.integers(1, 9999), st.integers(0, 2))
years = st.integers(1945, 2099)
numbered_issuers = st.builds(
    lambda n, space: f"BCĐ{space}{n}", st.integers(1, 999), st.sampled_from(["", " "])
)
issuer_parts = st.one_of(
    st.sampled_from(sorted(PARTY_ISSUER_CODES)),
    random_codes,
    st.builds(lambda code, digits: code + digits, random_codes, st.sampled_from(["13", "15"])),
    numbered_issuers,
)
joint = st.lists(issuer_parts, min_size=1, max_size=3).map("-".join)


def _with_code(codes: Iterable[str]) -> st.SearchStrategy[str]:
    """A listed code or a random well-formed one: unknown codes must round-trip too."""
    return st.one_of(st.sampled_from(sorted(codes)), random_codes)


document_numbers = st.one_of(
    st.builds(party, numbers, _with_code(PARTY_TYPE_CODES), joint),
    st.builds(typed, numbers, st.sampled_from(sorted(STATE_TYPED_CODES)), joint),
    st.builds(letter, numbers, random_codes.filter(lambda c: c not in STATE_TYPED_CODES), joint),
    st.builds(legal, numbers, years, _with_code(LEGAL_TYPE_CODES | STATE_TYPE_CODES), joint),
    st.builds(law, numbers, years, issuer_parts),
    st.builds(party, st.just(""), _with_code(PARTY_TYPE_CODES), joint),
    st.builds(typed, st.just(""), st.sampled_from(sorted(STATE_TYPED_CODES)), joint),
)


@given(document_numbers)
def test_format_then_parse_round_trips(number: DocumentNumber) -> None:
    """Every valid number survives format -> parse, as a symbol and as a header, and keeps
    its key and loose form."""
    assert parse_number(format_number(number)) == number
    assert parse_number(format_number(number, header=True)) == number
    assert loose_symbol_query(format_number(number, header=True)) == loose_symbol(number)


@given(st.text())
def test_parse_number_never_raises(text: str) -> None:
    """Arbitrary text gives a DocumentNumber or None, never an exception."""
    result = parse_number(text)
    assert result is None or isinstance(result, DocumentNumber)


@given(st.text())
def test_loose_symbol_query_never_raises(text: str) -> None:
    """Arbitrary text gives a non-empty string or None, never an exception."""
    result = loose_symbol_query(text)
    assert result is None or (isinstance(result, str) and result)
