"""Find references to documents (trích dẫn văn bản) in free Vietnamese text.

A citation reads ``Chỉ thị số 30-CT/TW ngày 05/02/2024 của Ban Bí thư Trung ương Đảng khóa
XIII``: a kind word, ``số``, the symbol, then optionally the date (``ngày 23/7/2019``,
``ngày 23 tháng 7 năm 2019``, ``ngày 01-10-1997``, ``23.7.2019``, often after a comma) and the
issuer (``của`` + a name). Later mentions drop the date (``Nghị quyết 09-NQ/TU``); some drop the
symbol (``Nghị quyết số 15 của Bộ Chính trị``, a *partial* reference); a symbol may also stand
alone (``(241-KH/TU)``) or sit in an all-caps title (``CHỈ THỊ SỐ 30-CT/TW``).

How it works, and why:

* The text is NFC-normalised and look-alikes (``Ð``, en dashes …) are replaced one for one,
  so one grammar covers every spelling. NFC can change the length of a text (a decomposed
  ``ệ`` is three code points, composed one), so when the input is not NFC the offsets are
  mapped back (:class:`_OffsetMap`): ``start``/``end`` always index the *original* string and
  ``text[start:end]`` is the citation. The textual fields (``kind_word``, ``symbol_text``,
  ``issuer_phrase``) are the NFC spelling, with look-alikes as written.
* One precompiled scanner finds a kind word + symbol, a bare symbol, or a kind word + ``số``
  + number; the date and issuer are then matched *at* the end of that match (``re.match`` at a
  position), never searched for, so the cost is linear in the text. No pattern nests unbounded
  repetitions, so there is no catastrophic backtracking.
* The symbol grammar is :data:`tuyengiao.documents.numbering.SYMBOL_PATTERN`: plain numbers,
  dates and ratios (``84/87``, ``1.418``, ``30/9``, ``17/3/1930``) do not fit it.
* The issuer phrase starts with a capital letter and runs, word by word, until punctuation or
  a quote, a stop word (``về``, ``và``, ``nhằm``, ``năm``, ``gắn``, ``trong``, ``tại``, ``đã``,
  ``để``, ``với`` …, in any case), a lower-case verb that starts the predicate (``ban hành``,
  ``triển khai`` …), or the start of another reference; at most :data:`MAX_ISSUER_WORDS` words.
  ``và Dân vận`` is let through: it is part of the 2025 board names.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from tuyengiao.documents.data.codes import KIND_WORDS
from tuyengiao.documents.numbering import (
    SPACE,
    SYMBOL_PATTERN,
    DocumentNumber,
    format_number,
    number_from_match,
    replace_lookalikes,
)

MAX_ISSUER_WORDS = 15

# --- Pattern pieces --------------------------------------------------------------------------

# At least one horizontal space: a citation never spans two lines.
_GAP = r"[^\S\r\n]+"


def _phrase(words: str) -> str:
    """A multi-word phrase whose spaces may be any run of horizontal whitespace."""
    return _GAP.join(re.escape(word) for word in words.split())


_KIND = "(?i:" + "|".join(_phrase(word) for word in KIND_WORDS) + ")"
_SO = rf"(?i:số){SPACE}:?{SPACE}"
_NUMBER = "[0-9]{1,6}"

# A kind word, optional "số", then the symbol; or, with no kind word, a symbol that does not
# continue a number, a word or a path (``1.147/KH-UBND``, ``x/147/KH-UBND`` are not symbols).
_WITH_SYMBOL = (
    rf"(?:(?<!\w)(?P<kind>{_KIND}){_GAP}(?:{_SO})?|(?<![\w/])(?<![0-9][.,]))"
    rf"(?P<symbol>{SYMBOL_PATTERN})"
)
# A kind word, "số" and a bare number that is not the start of something longer: not a
# symbol with lower-case codes (``15-NQ/tw``), a fraction (``15/2``) or a decimal (``15,5``).
_PARTIAL = (
    rf"(?<!\w)(?P<partial_kind>{_KIND}){_GAP}{_SO}(?P<partial_number>{_NUMBER})"
    rf"(?![\w/]|[.,][0-9]|{SPACE}-{SPACE}\w)"
)
_SCANNER_RE = re.compile(rf"{_WITH_SYMBOL}|{_PARTIAL}")

_NUMERIC_DATE = r"(?P<day>[0-9]{1,2})(?P<sep>[/.-])(?P<month>[0-9]{1,2})(?P=sep)(?P<year>[0-9]{4})"
_WORDED_DATE = (
    rf"(?P<w_day>[0-9]{{1,2}}){_GAP}(?i:tháng){_GAP}(?P<w_month>[0-9]{{1,2}}),?{_GAP}"
    rf"(?i:năm){_GAP}(?P<w_year>[0-9]{{4}})"
)
# ", ngày 05/02/2024" right after the symbol; "ngày" may be missing ("30-CT/TW, 05/02/2024").
_DATE_TAIL_RE = re.compile(
    rf"{SPACE},?{SPACE}(?:(?i:ngày){SPACE})?(?:{_NUMERIC_DATE}|{_WORDED_DATE})(?![0-9])"
)

# Function words that end an issuer phrase, in any case ("VỀ" in an all-caps title).
_STOP_WORDS = (
    "về", "và", "nhằm", "năm", "gắn", "trong", "tại", "đã", "để", "với", "ngày", "số", "được",
    "theo", "cho", "là", "thì", "đến", "tới", "từ", "khi", "sau", "trước", "nay", "này", "đó",
    "qua", "có", "sẽ", "đang", "cũng", "do", "bởi", "nên", "mà", "như", "vào", "trên", "dưới",
    "nhưng", "hoặc", "hay",
)  # fmt: skip
# Verbs that start the predicate, lower-case only: "Ban Chỉ đạo" and "Ban Tổ chức" are names.
_STOP_VERBS = (
    "ban hành", "triển khai", "thực hiện", "tiếp tục", "chỉ đạo", "lãnh đạo", "tổ chức",
    "yêu cầu", "đề ra", "xác định", "nêu", "giao",
)  # fmt: skip
# "Ban Tuyên giáo và Dân vận" (2025) is one name: its "và" does not end the phrase.
_BOARD_AND = rf"và{_GAP}dân{_GAP}vận"
_STOP_WORD = "(?i:" + "|".join(_phrase(word) for word in _STOP_WORDS) + ")"
_STOP_VERB = "(?:" + "|".join(_phrase(verb) for verb in _STOP_VERBS) + ")"
_NEXT_REFERENCE = rf"{_KIND}{_GAP}(?:(?i:số)|[0-9])"
_STOP = rf"(?:(?!(?i:{_BOARD_AND})){_STOP_WORD}(?!\w)|{_STOP_VERB}(?!\w)|{_NEXT_REFERENCE})"
_TERM = rf"\((?i:khóa|khoá){_GAP}[IVXLCDM]+\)"  # "(khóa XIII)" belongs to the issuer
_WORD = rf"(?!{_STOP})(?:{_TERM}|\w+)"
_ISSUER_TAIL_RE = re.compile(
    rf"{_GAP}(?i:của){_GAP}(?P<issuer>{_WORD}(?:{_GAP}{_WORD}){{0,{MAX_ISSUER_WORDS - 1}}})"
)


# --- Offsets in a text that was not NFC -------------------------------------------------------

# A base character and the combining marks after it: what NFC composes in Vietnamese text.
_CLUSTER_RE = re.compile(r"(?s).[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]+")
# Fallback for other scripts (Hangul jamo, Indic vowel signs): no ASCII character ever composes
# with the character before it, so cutting before ASCII characters never changes NFC.
_NON_ASCII_RUN_RE = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")


class _OffsetMap:
    """Map offsets in the NFC text back to offsets in the original text.

    The NFC text is a sequence of segments: copied ones (same length as in the original, so
    offsets shift by a constant) and normalised ones (whose inner offsets map to the segment's
    start, since a span never starts or ends inside a composed letter).
    """

    def __init__(self) -> None:
        self._nfc_starts: list[int] = []
        self._original_starts: list[int] = []
        self._copied: list[bool] = []

    def add(self, nfc_start: int, original_start: int, *, copied: bool) -> None:
        self._nfc_starts.append(nfc_start)
        self._original_starts.append(original_start)
        self._copied.append(copied)

    def original(self, nfc_offset: int) -> int:
        index = bisect_right(self._nfc_starts, nfc_offset) - 1
        if self._copied[index]:
            return self._original_starts[index] + nfc_offset - self._nfc_starts[index]
        return self._original_starts[index]


def _segmented_nfc(text: str, segment_re: re.Pattern[str]) -> tuple[str, _OffsetMap] | None:
    """NFC ``text`` segment by segment; None when that is not the NFC of the whole text."""
    offsets = _OffsetMap()
    pieces: list[str] = []
    nfc_length = last = 0
    for match in segment_re.finditer(text):
        start, end = match.span()
        if start > last:
            gap = unicodedata.normalize("NFC", text[last:start])
            if len(gap) != start - last:
                return None
            offsets.add(nfc_length, last, copied=True)
            pieces.append(gap)
            nfc_length += len(gap)
        segment = unicodedata.normalize("NFC", match.group())
        offsets.add(nfc_length, start, copied=False)
        pieces.append(segment)
        nfc_length += len(segment)
        last = end
    tail = unicodedata.normalize("NFC", text[last:])
    if len(tail) != len(text) - last:
        return None
    offsets.add(nfc_length, last, copied=True)
    pieces.append(tail)
    normalized = "".join(pieces)
    if normalized != unicodedata.normalize("NFC", text):
        return None
    return normalized, offsets


def _nfc_with_offsets(text: str) -> tuple[str, _OffsetMap | None]:
    """Return the NFC text and, when it differs from ``text``, a map back to its offsets."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    for segment_re in (_CLUSTER_RE, _NON_ASCII_RUN_RE):
        result = _segmented_nfc(text, segment_re)
        if result is not None:
            return result
    # Unreachable in practice (cutting before ASCII is always safe); keep spans in range.
    offsets = _OffsetMap()
    offsets.add(0, 0, copied=False)
    return unicodedata.normalize("NFC", text), offsets


# --- The value -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reference:
    """One reference to a document found in a text.

    ``kind_word`` is the kind of document as written (``"Chỉ thị"``, ``"CHỈ THỊ"``) or None for
    a bare symbol; ``symbol`` the parsed number and symbol, None for a partial reference;
    ``number`` the number as written (``"01"``, or ``"15"`` in ``Nghị quyết số 15``);
    ``partial`` is True when there is no full symbol. ``text[start:end]`` is the whole citation
    in the original input, date and issuer included.
    """

    kind_word: str | None
    symbol: DocumentNumber | None
    symbol_text: str | None
    number: str | None
    date: date | None
    issuer_phrase: str | None
    partial: bool
    start: int
    end: int

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict: the symbol in canonical form plus its family and codes, the
        date in ISO form."""
        symbol = self.symbol
        return {
            "kind_word": self.kind_word,
            "symbol": format_number(symbol) if symbol else None,
            "symbol_text": self.symbol_text,
            "number": self.number,
            "family": symbol.family if symbol else None,
            "type_code": symbol.type_code if symbol else None,
            "issuer_code": symbol.issuer_code if symbol else None,
            "date": self.date.isoformat() if self.date else None,
            "issuer_phrase": self.issuer_phrase,
            "partial": self.partial,
            "start": self.start,
            "end": self.end,
        }


# --- Extraction ------------------------------------------------------------------------------


def _date_from(match: re.Match[str]) -> date | None:
    """The date of a date-tail match, or None when it is not a real day (``31/2/2024``)."""
    if match.group("year") is not None:
        parts = match.group("year", "month", "day")
    else:
        parts = match.group("w_year", "w_month", "w_day")
    try:
        return date(*(int(part) for part in parts))
    except ValueError:
        return None


def _date_tail(scan: str, position: int) -> tuple[date | None, int]:
    """The issue date written at ``position`` and the offset after it; (None, position) if
    there is none or it is not a real day."""
    match = _DATE_TAIL_RE.match(scan, position)
    found = _date_from(match) if match else None
    return (found, match.end()) if match and found else (None, position)


def _issuer_tail(scan: str, position: int) -> tuple[tuple[int, int] | None, int]:
    """The span of the issuer phrase (``của`` + a name) at ``position`` and the offset after
    it; (None, position) if there is none or the name does not start with a capital."""
    match = _ISSUER_TAIL_RE.match(scan, position)
    if match and match.group("issuer")[0].isupper():
        return match.span("issuer"), match.end()
    return None, position


def extract_references(text: str) -> list[Reference]:
    """Return every document reference in ``text``, in order, without overlaps.

    See the module docstring for the forms recognised. Spans index the original ``text`` even
    when it is not NFC.
    """
    normalized, offsets = _nfc_with_offsets(text)
    scan = replace_lookalikes(normalized)
    original = offsets.original if offsets else (lambda offset: offset)
    references: list[Reference] = []
    position = 0
    while match := _SCANNER_RE.search(scan, position):
        end = match.end()
        symbol: DocumentNumber | None = None
        symbol_text: str | None = None
        if match.group("symbol") is not None:
            symbol = number_from_match(match)
            symbol_text = normalized[slice(*match.span("symbol"))]
            kind_group, number = "kind", symbol.number
        else:
            kind_group, number = "partial_kind", match.group("partial_number")
        # Text fields come from the NFC text before look-alikes were replaced: as written.
        kind_word = None
        if match.group(kind_group) is not None:
            kind_word = normalized[slice(*match.span(kind_group))]

        found_date, end = _date_tail(scan, end)
        issuer_span, end = _issuer_tail(scan, end)
        issuer_phrase = normalized[slice(*issuer_span)] if issuer_span else None

        references.append(
            Reference(
                kind_word=kind_word,
                symbol=symbol,
                symbol_text=symbol_text,
                number=number,
                date=found_date,
                issuer_phrase=issuer_phrase,
                partial=symbol is None,
                start=original(match.start()),
                end=original(end),
            )
        )
        position = end
    return references
