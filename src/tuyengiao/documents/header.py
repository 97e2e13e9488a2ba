"""Guess a document's registry fields from the official header at the top of its text.

The header (DOMAIN.md §3) has the issuing body at the top left (in capitals, under its
superior body), the national or Party motto at the top right, the number (``Số 15-NQ/TW``,
``Số: 147/KH-UBND``) under the issuer, the italic place and date (``Hà Nội, ngày 05 tháng 02
năm 2026``) under the motto, then the title: the type of document in capitals (``KẾ HOẠCH``)
and the summary (trích yếu) on the next line(s).

Text read from a file does not keep that layout: a DOCX header table is read cell by cell (the
whole left column, then the right one, or row by row), a PDF's text layer often puts the two
columns on one line (``QUẬN ỦY BA ĐÌNH ĐẢNG CỘNG SẢN VIỆT NAM``, ``Số 229-KH/QU Ba Đình, ngày
…``), and OCR adds blank lines. So the guess works line by line on the first
:data:`HEADER_LINES` non-blank lines, with the mottos cut out of the lines they share, and looks
for each field by its own shape rather than by position. A field it is unsure of is None; it
never raises.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from tuyengiao.core.text import fold, normalize
from tuyengiao.documents.data.codes import KIND_WORDS
from tuyengiao.documents.numbering import DocumentNumber, format_number, parse_number
from tuyengiao.documents.references import extract_references

logger = logging.getLogger(__name__)

HEADER_LINES = 40
# Where no title line closes the header, the number and date are looked for this far down.
_HEADER_ZONE_WITHOUT_TITLE = 15
_MAX_SUMMARY_LINES = 4
_MAX_PLACE_WORDS = 6

# The mottos at the top right, folded to accent-free words (DOMAIN.md §3), and whether they
# count only in capitals: "Đảng Cộng sản Việt Nam" in a summary is not the motto.
_MOTTOS = (
    (("dang", "cong", "san", "viet", "nam"), True),
    (("cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam"), True),
    (("doc", "lap", "tu", "do", "hanh", "phuc"), False),
)
_NON_WORD_RE = re.compile(r"[\W_]+")

_KIND_TITLES = tuple(word.upper() for word in KIND_WORDS)
_NUMBER_RE = re.compile(r"(?<!\w)(?i:số)\s*:?\s*(?=[0-9]|[-/])")
_DATE_RE = re.compile(
    r"(?:(?P<place>[^\W\d_][^\n,;:]{0,60}?)\s*,\s*)?"
    r"(?i:ngày)\s*(?P<day>[0-9]{1,2})\s*(?i:tháng)\s*(?P<month>[0-9]{1,2})\s*,?\s*"
    r"(?i:năm)\s*(?P<year>[0-9]{4})"
)
# A rule under the issuer or the title: ``*``, ``-----``, ``***``, ``———``.
_RULE_RE = re.compile(r"^[-*_=–—~.·•\s]+$")
_SUBJECT_RE = re.compile(r"^(?:V/v|V/V|v/v|Về việc)\s*:?\s*(?P<rest>.*)$")
# Lines that start the body rather than continue a wrapped summary.
_BODY_START_RE = re.compile(
    r"^(?:(?:Căn cứ|Thực hiện|Kính gửi|Hôm nay)(?!\w)|(?:Phần|Chương|Điều|Mục) [IVXLC0-9]|"
    r"[IVXLC]+[.)\-]|[0-9]+[.)]|[-–•+] )"
)
_LOCALITY = r"(?:THÀNH PHỐ|TP\.?|TỈNH|QUẬN|HUYỆN|THỊ XÃ|THỊ TRẤN|PHƯỜNG|XÃ)"
# A locality word that names a place, not a committee (``QUẬN ỦY`` is a committee).
_LOCALITY_START_RE = re.compile(rf"^{_LOCALITY}\s+(?!ỦY\b)")
_LOCALITY_ANY_RE = re.compile(rf"(?<!\w){_LOCALITY}\s+(?!ỦY\b)")
_COMMITTEE_RE = re.compile(r"(?<!\w)(?:THÀNH|TỈNH|QUẬN|HUYỆN|ĐẢNG|THỊ|XÃ|PHƯỜNG)\s+ỦY(?!\w)")
# Bodies named under their committee: ``THÀNH ỦY HÀ NỘI`` / ``BAN TUYÊN GIÁO``.
_SUB_BODY_RE = re.compile(r"^(?:BAN|VĂN PHÒNG|ỦY BAN KIỂM TRA|TRƯỜNG|TRUNG TÂM)(?!\w)")


@dataclass(frozen=True, slots=True)
class HeaderGuess:
    """Registry fields guessed from a document's header; None where unsure.

    ``symbol`` is the canonical number and symbol (``229-KH/QU``); ``type_word`` the type as
    written in the title (``KẾ HOẠCH``); ``issuer_phrase`` the issuing body as written
    (``QUẬN ỦY BA ĐÌNH``); ``place`` and ``issue_date`` from the place-and-date line;
    ``summary`` the trích yếu on one line. ``note`` tells the person why nothing was guessed
    (a scan that is OCRed only after saving), or is None.
    """

    symbol: str | None = None
    type_word: str | None = None
    issuer_phrase: str | None = None
    issue_date: date | None = None
    place: str | None = None
    summary: str | None = None
    note: str | None = None

    @property
    def is_empty(self) -> bool:
        """Whether no field was guessed."""
        return not any(
            (
                self.symbol,
                self.type_word,
                self.issuer_phrase,
                self.issue_date,
                self.place,
                self.summary,
            )
        )


def _strip_mottos(line: str) -> str:
    """``line`` without the national or Party motto it may share with the issuer or date."""
    words = line.split()
    keyed = [(index, _NON_WORD_RE.sub("", fold(word))) for index, word in enumerate(words)]
    keyed = [(index, key) for index, key in keyed if key]
    keys = [key for _, key in keyed]
    for motto, in_capitals in _MOTTOS:
        for start in range(len(keys) - len(motto) + 1):
            if tuple(keys[start : start + len(motto)]) != motto:
                continue
            first, last = keyed[start][0], keyed[start + len(motto) - 1][0]
            if not in_capitals or _is_caps(" ".join(words[first : last + 1])):
                rest = words[:first] + words[last + 1 :]
                return _strip_mottos(" ".join(rest)) if rest else ""
    return line


def _header_lines(text: str) -> list[str]:
    """The first :data:`HEADER_LINES` non-blank lines, normalised, mottos cut out; blank
    lines are kept as ``""`` (they end a summary), motto-only lines are dropped."""
    lines: list[str] = []
    seen = 0
    for raw in text.splitlines():
        if seen >= HEADER_LINES:
            break
        line = normalize(raw)
        if not line:
            lines.append("")
            continue
        seen += 1
        stripped = _strip_mottos(line)
        if stripped:
            lines.append(stripped)
    return lines


def _is_rule(line: str) -> bool:
    return bool(line) and bool(_RULE_RE.match(line))


def _is_caps(line: str) -> bool:
    """Whether every letter of ``line`` is a capital (and it has at least two)."""
    letters = [char for char in line if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def _title_kind(line: str) -> str | None:
    """The type word a title line starts with (``KẾ HOẠCH``), or None."""
    if not _is_caps(line):
        return None
    for kind in _KIND_TITLES:
        if line.startswith(kind) and (len(line) == len(kind) or not line[len(kind)].isalnum()):
            return kind
    return None


def _own_number(line: str) -> tuple[DocumentNumber | None, int] | None:
    """The number on a ``Số …`` line and the offset after it; None when not a number line."""
    match = _NUMBER_RE.search(line)
    if match is None:
        return None
    candidate = line[match.start() :]
    number = parse_number(candidate)
    if number is not None:
        return number, len(line)
    # Other text on the line (the date, from the next column) follows the symbol.
    references = extract_references(line[match.end() :])
    if references and references[0].symbol is not None:
        return references[0].symbol, match.end() + references[0].end
    return None, match.end()


def _first_symbol(lines: list[str]) -> tuple[DocumentNumber, int] | None:
    """The first symbol in ``lines`` and the index of its line, or None."""
    for index, line in enumerate(lines):
        for reference in extract_references(line):
            if reference.symbol is not None:
                return reference.symbol, index
    return None


def _place(raw: str | None) -> str | None:
    if not raw:
        return None
    place = raw.strip(" -–")
    words = place.split()
    if not words or len(words) > _MAX_PLACE_WORDS or not place[0].isupper():
        return None
    return place


def _date_in(line: str) -> tuple[date, str | None] | None:
    match = _DATE_RE.search(line)
    if match is None:
        return None
    try:
        found = date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
    return found, _place(match["place"])


def _issuer(block: list[str]) -> str | None:
    """The issuing body from the capitals lines above the number: the last one, joined with
    the line above when the two make one name (``ỦY BAN NHÂN DÂN`` / ``QUẬN THANH XUÂN``) or
    when it is a board of the committee above (``THÀNH ỦY HÀ NỘI`` / ``BAN TUYÊN GIÁO``)."""
    if not block:
        return None
    last = block[-1]
    if len(block) >= 2:
        above = block[-2]
        if _LOCALITY_START_RE.match(last) and not _LOCALITY_ANY_RE.search(above):
            return f"{above} {last}"
        if (
            _SUB_BODY_RE.match(last)
            and not _COMMITTEE_RE.search(last)
            and not _LOCALITY_ANY_RE.search(last)
            and _COMMITTEE_RE.search(above)
        ):
            return f"{last} {above}"
    return last


def _summary(lines: list[str], start: int, first: str = "") -> str | None:
    """Join the summary lines from ``lines[start]`` on: the first line, then the lines that
    continue it, until a blank line, a rule, a line that starts the body or
    :data:`_MAX_SUMMARY_LINES` lines."""
    parts = [first] if first else []
    index = start
    if not parts:
        # OCR may put blank lines between the title and the summary.
        while index < len(lines) and not lines[index]:
            index += 1
        # A Party directive's title goes on with its issuer: ``CHỈ THỊ`` / ``CỦA BAN BÍ THƯ``.
        if index < len(lines) and _is_caps(lines[index]) and lines[index].startswith("CỦA "):
            index += 1
        if index >= len(lines):
            return None
        line = lines[index]
        if _is_rule(line) or _BODY_START_RE.match(line) or _NUMBER_RE.match(line):
            return None
        parts.append(line)
        index += 1
    while index < len(lines) and len(parts) < _MAX_SUMMARY_LINES:
        line = lines[index]
        if not line or _is_rule(line) or _BODY_START_RE.match(line):
            break
        # Header lines that follow a công văn's subject in the left column.
        if _NUMBER_RE.search(line) or _DATE_RE.search(line):
            break
        # A wrapped line goes on in lower case; a capital starts a new sentence unless the
        # line before was left unfinished (``… ngày thành lập`` / ``Đảng Cộng sản Việt Nam``).
        if not line[0].islower() and (parts[-1][-1] in ".:;!?" or _title_kind(line)):
            break
        parts.append(line)
        index += 1
    summary = " ".join(" ".join(parts).split()).strip(" -–")
    return summary or None


def _guess(text: str) -> HeaderGuess:
    lines = _header_lines(text)
    title = next((i for i, line in enumerate(lines) if _title_kind(line)), None)
    zone_end = title if title is not None else min(len(lines), _HEADER_ZONE_WITHOUT_TITLE)
    zone = lines[:zone_end]

    number: DocumentNumber | None = None
    number_line: int | None = None
    date_line: int | None = None
    issue_date: date | None = None
    place: str | None = None
    for index, line in enumerate(zone):
        found = _own_number(line) if number_line is None else None
        after = 0
        if found is not None:
            number, after = found
            number_line = index
        if date_line is None and (dated := _date_in(line[after:])):
            issue_date, place = dated
            date_line = index
    if number_line is None and (first := _first_symbol(zone)):
        number, number_line = first
    symbol = format_number(number) if number is not None and not number.is_draft else None

    # The issuer: capitals above the number, date and title, whichever comes first.
    top_end = min(i for i in (number_line, date_line, zone_end) if i is not None)
    block = [line for line in lines[:top_end] if _is_caps(line) and not _is_rule(line)]
    issuer_phrase = _issuer(block[-3:])

    type_word: str | None = None
    summary: str | None = None
    if title is not None:
        type_word = _title_kind(lines[title])
        remainder = lines[title][len(type_word or "") :].strip(" :-–")
        summary = _summary(lines, title + 1, remainder)
    else:
        for index, line in enumerate(zone):
            if subject := _SUBJECT_RE.match(line):
                summary = _summary(lines, index + 1, subject["rest"].strip())
                break
    return HeaderGuess(
        symbol=symbol,
        type_word=type_word,
        issuer_phrase=issuer_phrase,
        issue_date=issue_date,
        place=place,
        summary=summary,
    )


def guess_header(text: str) -> HeaderGuess:
    """Guess the number, type, issuer, place and date, and summary from the header at the top
    of a document's ``text``; fields it is unsure of are None. Never raises.

    The first number and symbol of the header is the document's own: the one on the ``Số``
    line, else the first symbol above the title. Symbols further down are citations.
    """
    if not isinstance(text, str) or not text.strip():
        return HeaderGuess()
    try:
        return _guess(text)
    except Exception:  # a guess must never break the form that asks for it
        logger.exception("could not guess the header")
        return HeaderGuess()
