"""Document numbers and symbols (số, ký hiệu): parse, format, key and search forms.

Two families are punctuated differently (DOMAIN.md §2):

============  ==================================  ================
family/form   grammar                              example
============  ==================================  ================
party         ``<number>-<TYPE>/<ISSUER>``          ``229-KH/QU``
state_typed   ``<number>/<TYPE>-<ISSUER>``          ``147/KH-UBND``
state_letter  ``<number>/<ISSUER>-<UNIT>``          ``838/UBND-VHTT``
legal         ``<number>/<year>/<TYPE>-<ISSUER>``   ``30/2020/NĐ-CP``
law           ``<number>/<year>/<ISSUER>``          ``80/2015/QH13``
============  ==================================  ================

A dash before the slash makes a Party number; a slash first makes a State one. ``<n>/<A>-<B>``
is read as typed when ``A`` is a known State (or legal) type code and as an official letter
(công văn, which has no type code) otherwise; every other code may be unknown.

Codes are case- and Đ-sensitive and are never folded or upper-cased: ``HĐ`` ≠ ``HD``,
``QĐ`` ≠ ``QyĐ``, ``CTr`` ≠ ``CT``. What *is* cleaned is noise that does not change meaning:
NFC, the look-alike ``Ð`` (U+00D0) for ``Đ`` (U+0110), any dash character for ``-``, and spaces
around the separators (``158 - KH/QU``, ``147 /KH-UBND``). Issuers keep their own inner spacing,
collapsed to one space: ``BCĐ 35`` stays ``BCĐ 35`` (only the prefixes in
``NUMBERED_ISSUER_PREFIXES`` may contain a space); :func:`number_key` ignores that space.

:data:`SYMBOL_PATTERN` and :func:`number_from_match` are shared with
:mod:`tuyengiao.documents.references`, so that free text and single fields obey one grammar.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from tuyengiao.core.text import fold
from tuyengiao.documents.data.codes import (
    LEGAL_TYPE_CODES,
    NUMBERED_ISSUER_PREFIXES,
    PARTY_TYPE_CODES,
    STATE_TYPE_CODES,
    STATE_TYPED_CODES,
)

Family = Literal["party", "state"]
Form = Literal["party", "state_typed", "state_letter", "legal", "law"]

# --- Noise that does not change meaning -------------------------------------------------------

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SLASHES = "\u2215\u2044\uff0f"
# One character for one character, so offsets in the cleaned text are offsets in the input.
_LOOKALIKES = str.maketrans(
    {"\u00d0": "\u0110", "\u00f0": "\u0111"}
    | dict.fromkeys(_DASHES, "-")
    | dict.fromkeys(_SLASHES, "/")
)


def replace_lookalikes(text: str) -> str:
    """Replace look-alike characters one for one (same length, same offsets).

    ``Ð``/``ð`` (Icelandic eth, from legacy TCVN3/VNI converters) become ``Đ``/``đ``; every dash
    (hyphen, non-breaking hyphen, figure dash, en and em dash, minus sign …) becomes ``-``;
    fraction and full-width slashes become ``/``. The text is not NFC-normalised here.
    """
    return text.translate(_LOOKALIKES)


# --- Grammar, built from small named pieces ------------------------------------------------------

# Horizontal whitespace only: a symbol never spans two lines.
SPACE = r"[^\S\r\n]*"
# Codes start with an upper-case letter; later letters may be lower case (QĐi, CTr, TTr, QyĐ)
# or digits (QH15, UBTVQH15). Toned letters never occur in codes.
_UPPER = "A-ZĐĂÂÊÔƠƯ"
_LOWER = "a-zđăâêôơư"
# ASCII digits only: ``\d`` would also accept other scripts' digits.
_DIGITS = "0-9"
_CODE = rf"[{_UPPER}][{_UPPER}{_LOWER}{_DIGITS}]*"
_NUMBERED_ISSUER = (
    "(?:"
    + "|".join(re.escape(prefix) for prefix in NUMBERED_ISSUER_PREFIXES)
    + rf")[^\S\r\n]?[{_DIGITS}]{{1,4}}"
)
# The numbered form first, so that ``BCĐ 35`` keeps its number.
_ISSUER_PART = rf"(?:{_NUMBERED_ISSUER}|{_CODE})"
# Joint issuers (BTCTW-BTGTW) and joint units: no spaces around these inner dashes, so that
# ``35-CT/TW - UBND quận`` does not glue a second body onto the issuer.
_JOINT = rf"{_ISSUER_PART}(?:-{_ISSUER_PART})*"
_YEAR = rf"(?:19|20)[{_DIGITS}]{{2}}"
_DASH = rf"{SPACE}-{SPACE}"
_SLASH = rf"{SPACE}/{SPACE}"


def _symbol_pattern(number: str) -> str:
    """The five forms as one alternation with named groups; ``number`` is the number's regex.

    Legal is tried before law (a law is a legal number without a type) and both before the
    State forms, whose first code would otherwise swallow the year's place.
    """
    party = rf"(?P<p_num>{number}){_DASH}(?P<p_type>{_CODE}){_SLASH}(?P<p_issuer>{_JOINT})"
    legal = (
        rf"(?P<l_num>{number}){_SLASH}(?P<l_year>{_YEAR}){_SLASH}"
        rf"(?P<l_type>{_CODE}){_DASH}(?P<l_issuer>{_JOINT})"
    )
    law = rf"(?P<w_num>{number}){_SLASH}(?P<w_year>{_YEAR}){_SLASH}(?P<w_issuer>{_ISSUER_PART})"
    state = rf"(?P<s_num>{number}){_SLASH}(?P<s_first>{_CODE}){_DASH}(?P<s_rest>{_JOINT})"
    # ``(?!\w)``: the last code must end at a word boundary (``KH/QUận`` is not a symbol).
    return rf"(?:{party}|{legal}|{law}|{state})(?!\w)"


# For free text: a number is 1–6 digits, never a blank.
SYMBOL_PATTERN = _symbol_pattern(rf"[{_DIGITS}]{{1,6}}")

# For a single field: the number may be blank (a draft, ``Số    -NQ/ĐU``), and a header prefix
# ``Số``/``số``/``Số:`` may come first.
_HEADER_PREFIX = rf"(?i:số){SPACE}:?{SPACE}"
_FIELD_RE = re.compile(rf"(?:{_HEADER_PREFIX})?{_symbol_pattern(rf'[{_DIGITS}]{{0,6}}')}")
_SPACES_RE = re.compile(r"\s+")
_SPACED_SEPARATOR_RE = re.compile(r" ?([-/:]) ?")


# --- The value ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentNumber:
    """A document's number and symbol (số, ký hiệu), split into its parts.

    ``number`` is kept as written (``"01"``), or ``""`` for a draft whose number is left blank.
    ``issuer_code`` is the issuing body's code (``"QU"``, ``"UBND"``, ``"BTCTW-BTGTW"``,
    ``"BCĐ 35"``); ``unit_code`` is the drafting unit of an official letter (``"VHTT"`` in
    ``838/UBND-VHTT``); ``year`` is set for legal documents and laws only.
    """

    family: Family
    form: Form
    number: str
    type_code: str | None
    issuer_code: str
    unit_code: str | None = None
    year: int | None = None
    is_draft: bool = False

    def __str__(self) -> str:
        return format_number(self)

    @property
    def type_name(self) -> str | None:
        """The Vietnamese name of the type code (``"kế hoạch"``), or None when not listed."""
        if self.type_code is None:
            return "công văn" if self.form == "state_letter" else None
        if self.family == "party":
            return PARTY_TYPE_CODES.get(self.type_code)
        if self.form == "legal":
            return LEGAL_TYPE_CODES.get(self.type_code)
        # A typed State number may carry a legal code without the year (``64/NĐ-CP``).
        return STATE_TYPE_CODES.get(self.type_code) or LEGAL_TYPE_CODES.get(self.type_code)


def _tidy_code(code: str) -> str:
    """Collapse the space inside a numbered issuer (``BCĐ  35`` -> ``BCĐ 35``)."""
    return _SPACES_RE.sub(" ", code)


def number_from_match(match: re.Match[str]) -> DocumentNumber:
    """Build a :class:`DocumentNumber` from a match of :data:`SYMBOL_PATTERN` (or the field
    pattern), whichever alternative matched."""
    groups = match.groupdict()
    if groups["p_type"] is not None:
        number = groups["p_num"]
        return DocumentNumber(
            family="party",
            form="party",
            number=number,
            type_code=groups["p_type"],
            issuer_code=_tidy_code(groups["p_issuer"]),
            is_draft=not number,
        )
    if groups["l_type"] is not None:
        number = groups["l_num"]
        return DocumentNumber(
            family="state",
            form="legal",
            number=number,
            type_code=groups["l_type"],
            issuer_code=_tidy_code(groups["l_issuer"]),
            year=int(groups["l_year"]),
            is_draft=not number,
        )
    if groups["w_issuer"] is not None:
        number = groups["w_num"]
        return DocumentNumber(
            family="state",
            form="law",
            number=number,
            type_code=None,
            issuer_code=_tidy_code(groups["w_issuer"]),
            year=int(groups["w_year"]),
            is_draft=not number,
        )
    number, first, rest = groups["s_num"], groups["s_first"], _tidy_code(groups["s_rest"])
    if first in STATE_TYPED_CODES:
        return DocumentNumber(
            family="state",
            form="state_typed",
            number=number,
            type_code=first,
            issuer_code=rest,
            is_draft=not number,
        )
    return DocumentNumber(
        family="state",
        form="state_letter",
        number=number,
        type_code=None,
        issuer_code=first,
        unit_code=rest,
        is_draft=not number,
    )


def _clean_field(text: str) -> str:
    """NFC, look-alikes, whitespace collapsed and stripped, no spaces around ``- / :``."""
    text = replace_lookalikes(unicodedata.normalize("NFC", text))
    text = _SPACES_RE.sub(" ", text).strip()
    return _SPACED_SEPARATOR_RE.sub(r"\1", text)


def parse_number(text: str) -> DocumentNumber | None:
    """Read a number and symbol written on its own, or None when ``text`` is not one.

    Accepts the bare symbol (``229-KH/QU``, ``147/KH-UBND``, ``30/2020/NĐ-CP``) or a header
    (``Số 15-NQ/TW``, ``Số: 147/KH-UBND``, ``số 229-KH/QU``), with the real-world noise listed in
    the module docstring, and drafts whose number is blank (``Số    -NQ/ĐU``). The whole text
    must be the number: ``(241-KH/TU)`` or a sentence returns None (use
    :func:`tuyengiao.documents.references.extract_references` for free text). Never raises.
    """
    if not isinstance(text, str):
        return None
    match = _FIELD_RE.fullmatch(_clean_field(text))
    return number_from_match(match) if match else None


def format_number(number: DocumentNumber, *, header: bool = False) -> str:
    """Write the canonical symbol (``229-KH/QU``, ``838/UBND-VHTT``, ``80/2015/QH13``).

    With ``header=True`` the header form: ``Số 15-NQ/TW`` for the Party (no colon) and
    ``Số: 147/KH-UBND`` for the State (Hướng dẫn 36-HD/VPTW; Nghị định 30/2020/NĐ-CP). A draft
    leaves room to write the number by hand: ``Số    -NQ/ĐU``.
    """
    match number.form:
        case "party":
            symbol = f"{number.number}-{number.type_code}/{number.issuer_code}"
        case "state_typed":
            symbol = f"{number.number}/{number.type_code}-{number.issuer_code}"
        case "state_letter":
            symbol = f"{number.number}/{number.issuer_code}-{number.unit_code}"
        case "legal":
            symbol = f"{number.number}/{number.year}/{number.type_code}-{number.issuer_code}"
        case _:  # "law"
            symbol = f"{number.number}/{number.year}/{number.issuer_code}"
    if not header:
        return symbol
    prefix = "Số" if number.family == "party" else "Số:"
    # A draft's blank is four spaces wide, as on the printed form; a number follows one space.
    return f"{prefix}{'    ' if number.is_draft else ' '}{symbol}"


def number_key(number: DocumentNumber) -> tuple[str, str, str, str, int, str]:
    """A tuple identifying the symbol, for uniqueness checks and lookups.

    Codes are compared exactly as written (case- and Đ-sensitive, never folded), except that a
    numbered issuer's inner space is ignored (``BCĐ 35`` = ``BCĐ35``). The number loses its
    leading zeros (``01`` = ``1``). Party numbers restart each term and State numbers each year,
    so a stored document adds the term or issue year to this key (DOMAIN.md §2).
    """
    digits = number.number.lstrip("0") or ("0" if number.number else "")
    return (
        number.family,
        number.issuer_code.replace(" ", ""),
        number.type_code or "",
        number.unit_code or "",
        number.year or 0,
        digits,
    )


def numbering_period(number: DocumentNumber, term: str, issue_date: date) -> str:
    """The period within which the issuer counts its numbers, as stored in
    ``Document.numbering_period``: ``"khóa XIII"`` or the issue year (``"2024"``).

    Party numbers restart at 01 each term of the committee (khóa), State numbers each
    1 January (DOMAIN.md §2). A Party document registered without its term is numbered within
    its issue year, so that it is still compared with its neighbours. The value is part of the
    registry's uniqueness key: whatever writes documents without the services (the synthetic
    data) must store this same value.
    """
    if number.family == "party" and term:
        return f"khóa {term}"
    return str(issue_date.year)


# --- Search --------------------------------------------------------------------------------------

_LOOSE_TOKEN_RE = re.compile(rf"[{_DIGITS}]+|[^\W\d_]+")


def loose_symbol_query(text: str) -> str | None:
    """A loose, folded form of a symbol for search: ``"229-KH/QU"`` -> ``"229 kh qu"``.

    ``"229 KH QU"``, ``"229-kh/qu"``, ``"Số 229 - KH/QU"`` and ``"229 kh qu"`` all give
    ``"229 kh qu"``: letter and digit runs become lower-case, diacritic-free tokens (``đ`` ->
    ``d``), leading zeros are dropped, punctuation and a leading ``số`` are ignored. Compare it
    with :func:`loose_symbol` of stored numbers.

    ONLY for search matching, never a key: it deliberately confuses ``HĐ`` with ``HD`` and
    ``CTr`` with ``CT`` so that a user typing without Vietnamese accents still finds the
    document; rank exact symbol matches first. Returns None when ``text`` has no letters or
    digits. Never raises.
    """
    if not isinstance(text, str):
        return None
    parsed = parse_number(text)
    source = format_number(parsed) if parsed else text
    tokens = _LOOSE_TOKEN_RE.findall(fold(source))
    if len(tokens) > 1 and tokens[0] == "so" and tokens[1].isdigit():
        tokens = tokens[1:]
    tokens = [token.lstrip("0") or "0" if token.isdigit() else token for token in tokens]
    return " ".join(tokens) or None


def loose_symbol(number: DocumentNumber) -> str:
    """The loose search form of a stored number, comparable with :func:`loose_symbol_query`."""
    return loose_symbol_query(format_number(number)) or ""
